// HTTP load over keep-alive connections, timed with hrtime.
//  - runLoad: closed loop, a fixed number of requests in flight, each timed from its send to the
//    end of its response. Measures throughput at saturation; its latency is ≈ in-flight / rate.
//  - runOpenLoop: open loop at a fixed arrival rate; requests go out on schedule whether or not
//    earlier ones were answered, and each is timed from its scheduled send (no coordinated omission).
import http from "node:http";
import type { BenchDelivery } from "./bench-orders";

export type LoadResult = {
  sent: number;
  acknowledged: number;
  /** ms from the first send to the last 200. */
  ackElapsedMs: number;
  /** ms from the first send to the last response of any kind. */
  elapsedMs: number;
  /** Latency of each acknowledged (200) request, ms, sorted ascending. */
  latenciesMs: Float64Array;
  /** Non-200 responses and transport errors by kind ("503", "ECONNRESET", …). */
  errors: Map<string, number>;
  /** A few error bodies/messages, for the report. */
  errorSamples: string[];
};

export type LoadOptions = {
  targets: { host: string; port: number }[];
  path: string;
  deliveries: BenchDelivery[];
  concurrency: number;
  /** Called with the hrtime (ns) of the first send, before it goes out. */
  onStart?: (startNs: bigint) => void;
  /** Called after each acknowledgement (status 200). */
  onAck?: (index: number) => void;
};

function post(
  agent: http.Agent,
  target: { host: string; port: number },
  path: string,
  d: BenchDelivery,
  onSocket?: (fresh: boolean) => void,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: target.host, port: target.port, method: "POST", path, headers: d.headers },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200) {
          res.resume();
          res.once("end", () => resolve({ status, body: "" }));
        } else {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (body += c));
          res.once("end", () => resolve({ status, body }));
        }
        res.once("error", reject);
      },
    );
    req.once("error", reject);
    if (onSocket) req.once("socket", (socket) => onSocket(socket.connecting));
    req.end(d.body);
  });
}

/** Opens `count` keep-alive connections per target (concurrent GETs; any answer will do) so the agent holds them idle. */
async function preopen(agent: http.Agent, targets: { host: string; port: number }[], path: string, count: number): Promise<void> {
  await Promise.all(
    targets.flatMap((target) =>
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve) => {
            const req = http.request({ agent, host: target.host, port: target.port, method: "GET", path }, (res) => {
              res.resume();
              res.once("end", () => resolve());
            });
            req.once("error", () => resolve());
            req.end();
          }),
      ),
    ),
  );
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function errorLog() {
  const errors = new Map<string, number>();
  const errorSamples: string[] = [];
  const note = (kind: string, sample: string) => {
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
    if (errorSamples.length < 5) errorSamples.push(`${kind}: ${sample.slice(0, 200)}`);
  };
  const noteThrown = (error: unknown) => {
    const e = error as NodeJS.ErrnoException;
    note(e.code ?? e.name ?? "error", e.message);
  };
  return { errors, errorSamples, note, noteThrown };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency });
  const n = opts.deliveries.length;
  const latencies = new Float64Array(n);
  let acknowledged = 0;
  const { errors, errorSamples, note: noteError, noteThrown } = errorLog();
  let next = 0;
  let lastAckNs = 0n;
  let lastAnyNs = 0n;
  const startNs = process.hrtime.bigint();
  opts.onStart?.(startNs);
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const target = opts.targets[i % opts.targets.length];
      const t0 = process.hrtime.bigint();
      try {
        const res = await post(agent, target, opts.path, opts.deliveries[i]);
        const t1 = process.hrtime.bigint();
        lastAnyNs = t1;
        if (res.status === 200) {
          latencies[acknowledged++] = Number(t1 - t0) / 1e6;
          lastAckNs = t1;
          opts.onAck?.(i);
        } else {
          noteError(String(res.status), res.body);
        }
      } catch (error) {
        lastAnyNs = process.hrtime.bigint();
        noteThrown(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, n) }, worker));
  } finally {
    agent.destroy();
  }
  const sorted = latencies.slice(0, acknowledged).sort();
  return {
    sent: n,
    acknowledged,
    ackElapsedMs: acknowledged ? Number(lastAckNs - startNs) / 1e6 : NaN,
    elapsedMs: Number(lastAnyNs - startNs) / 1e6,
    latenciesMs: sorted,
    errors,
    errorSamples,
  };
}

export type OpenLoopOptions = {
  targets: { host: string; port: number }[];
  path: string;
  /** Sent in order, one every 1/ratePerS s. */
  deliveries: BenchDelivery[];
  ratePerS: number;
  /** A request due while this many are unanswered is dropped (never sent) and counted. */
  maxInFlight: number;
  /** Open this many keep-alive connections per target before the schedule starts (default 0: opened on demand). */
  preopenConnections?: number;
};

export type OpenLoopResult = {
  scheduled: number;
  sent: number;
  /** Due while maxInFlight requests were unanswered: never sent. */
  dropped: number;
  acknowledged: number;
  /** acked[i] = 1 when deliveries[i] was answered 200. */
  acked: Uint8Array;
  startNs: bigint;
  /** hrtime of the last actual send. */
  lastSendNs: bigint;
  /** hrtime of the last 200. */
  lastAckNs: bigint;
  /** Offered rate: requests that came due (sent or dropped) / (start → the last one handled + one interval). */
  achievedPerS: number;
  /** acknowledged / (start → last 200). */
  ackedPerS: number;
  /** From each request's scheduled send time to the end of its 200 response, ms, sorted ascending. */
  latenciesMs: Float64Array;
  /** The same by delivery index (in schedule order); NaN where not acknowledged. */
  latencyByIndexMs: Float64Array;
  /** freshConnection[i] = 1 when deliveries[i] went out on a connection opened for it during the phase. */
  freshConnection: Uint8Array;
  /** Worst delay between a request's scheduled and actual send (timer and event-loop lag of this process), ms. */
  maxSendLagMs: number;
  maxInFlightSeen: number;
  /** CPU time of this process (the load generator) during the phase, as a share of one CPU. */
  generatorCpu: number;
  errors: Map<string, number>;
  errorSamples: string[];
};

/**
 * Open loop: request i is due at start + i/ratePerS. A 1 ms timer sends everything due so far
 * (catching up after a late tick), so the achieved rate is the target as long as this process
 * keeps up. Latency counts from the scheduled time, so a late send or a slow server both show.
 */
export async function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxInFlight, maxFreeSockets: opts.maxInFlight });
  if (opts.preopenConnections) await preopen(agent, opts.targets, opts.path, Math.min(opts.preopenConnections, opts.maxInFlight));
  const n = opts.deliveries.length;
  const intervalNs = 1e9 / opts.ratePerS;
  const latencies = new Float64Array(n);
  const byIndex = new Float64Array(n).fill(NaN);
  const acked = new Uint8Array(n);
  const fresh = new Uint8Array(n);
  let acknowledged = 0;
  let sent = 0;
  let dropped = 0;
  let inFlight = 0;
  let maxInFlightSeen = 0;
  let maxSendLagNs = 0n;
  let lastSendNs = 0n;
  let lastFireNs = 0n;
  let lastAckNs = 0n;
  const { errors, errorSamples, note, noteThrown } = errorLog();
  const pending: Promise<void>[] = [];
  const cpu0 = process.cpuUsage();
  const startNs = process.hrtime.bigint();

  const fire = (i: number, dueNs: bigint) => {
    const sendNs = process.hrtime.bigint();
    lastFireNs = sendNs;
    if (inFlight >= opts.maxInFlight) {
      dropped++;
      return;
    }
    inFlight++;
    sent++;
    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
    if (sendNs - dueNs > maxSendLagNs) maxSendLagNs = sendNs - dueNs;
    lastSendNs = sendNs;
    pending.push(
      post(agent, opts.targets[i % opts.targets.length], opts.path, opts.deliveries[i], (isNew) => (fresh[i] = isNew ? 1 : 0)).then(
        (res) => {
          inFlight--;
          if (res.status === 200) {
            lastAckNs = process.hrtime.bigint();
            byIndex[i] = Number(lastAckNs - dueNs) / 1e6;
            latencies[acknowledged++] = byIndex[i];
            acked[i] = 1;
          } else {
            note(String(res.status), res.body);
          }
        },
        (error) => {
          inFlight--;
          noteThrown(error);
        },
      ),
    );
  };

  try {
    await new Promise<void>((resolve) => {
      let next = 0;
      const tick = () => {
        const due = Math.min(n, Math.floor(Number(process.hrtime.bigint() - startNs) / intervalNs) + 1);
        for (; next < due; next++) fire(next, startNs + BigInt(Math.round(next * intervalNs)));
        if (next >= n) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  const cpu = process.cpuUsage(cpu0);
  const wallUs = Number(process.hrtime.bigint() - startNs) / 1e3;
  return {
    scheduled: n,
    sent,
    dropped,
    acknowledged,
    acked,
    startNs,
    lastSendNs,
    lastAckNs,
    achievedPerS: (n / (Number(lastFireNs - startNs) + intervalNs)) * 1e9,
    ackedPerS: acknowledged ? (acknowledged / Number(lastAckNs - startNs)) * 1e9 : 0,
    latenciesMs: latencies.slice(0, acknowledged).sort(),
    latencyByIndexMs: byIndex,
    freshConnection: fresh,
    maxSendLagMs: Number(maxSendLagNs) / 1e6,
    maxInFlightSeen,
    generatorCpu: (cpu.user + cpu.system) / wallUs,
    errors,
    errorSamples,
  };
}

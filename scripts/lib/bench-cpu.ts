// How busy the machine was with other work during a benchmark phase (Linux /proc): CPU time of
// all processes minus that of this process and its descendants (app processes, PostgreSQL), as a
// share of the machine's CPUs. Figures from a machine that was busy elsewhere are not comparable.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

let ticksPerS: number | null = null;
function clockTicks(): number {
  if (ticksPerS === null) {
    try {
      ticksPerS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerS = 100;
    }
  }
  return ticksPerS;
}

/** Busy CPU ticks of the whole machine (everything but idle and iowait). */
function machineBusyTicks(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]; // "cpu  user nice system idle iowait irq softirq steal …"
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + (steal || 0);
}

/** CPU ticks of `root` and all its descendants, including children they have already reaped. */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "(comm)": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parent.set(Number(name), Number(rest[1]));
    ticks.set(Number(name), Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]));
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total;
}

export type CpuMeter = { stop: () => { wallS: number; otherShare: number } | null };

/** Starts measuring; stop() returns the share (0–1) of the machine's CPUs used by other processes, or null off Linux. */
export function startCpuMeter(): CpuMeter {
  if (!fs.existsSync("/proc/stat")) return { stop: () => null };
  const t0 = process.hrtime.bigint();
  const busy0 = machineBusyTicks();
  const ours0 = treeTicks(process.pid);
  return {
    stop: () => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const other = Math.max(0, machineBusyTicks() - busy0 - (treeTicks(process.pid) - ours0)) / clockTicks();
      return { wallS, otherShare: other / (wallS * os.cpus().length) };
    },
  };
}

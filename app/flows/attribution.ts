// Which flow earns a paid order: a recovered order is one the shopper paid within 7 days after a
// flow mail (or after the moment a held-out shopper's mail would have gone), or one that used the
// flow's code. Pure; the order hook reads the shopper's recent messages and writes the result.

export const ATTRIBUTION_WINDOW_MS = 7 * 86_400_000;

export type AttributionMessage = {
  id: number;
  runId: number;
  flowKind: string;
  holdout: boolean;
  /** sent | held_out count; everything else (scheduled, cancelled, failed, unknown, …) does not. */
  status: string;
  /** When SMTP accepted it, or when a held-out message would have gone. */
  sentAt: Date | null;
  /** The incentive code the message carried, if any. */
  code: string | null;
};

export type AttributedOrder = { orderedAt: Date; discountCodes: readonly string[] };

export type Attribution = { flowKind: string; runId: number; messageId: number; via: "window" | "code"; holdout: boolean };

function touchedAt(m: AttributionMessage): number | null {
  if ((m.status !== "sent" && m.status !== "held_out") || !m.sentAt) return null;
  return m.sentAt.getTime();
}

function later(a: AttributionMessage, b: AttributionMessage): AttributionMessage {
  const ta = touchedAt(a) ?? 0;
  const tb = touchedAt(b) ?? 0;
  if (ta !== tb) return ta > tb ? a : b;
  return a.id > b.id ? a : b;
}

/**
 * The runs and messages to credit for an order, at most one per flow kind: a message whose code
 * the order used beats the time window; within the window the latest message wins.
 */
export function attributeOrder(order: AttributedOrder, messages: readonly AttributionMessage[]): Attribution[] {
  const codes = new Set(order.discountCodes.map((c) => c.trim().toUpperCase()).filter(Boolean));
  const at = order.orderedAt.getTime();
  const byCode = new Map<string, AttributionMessage>();
  const byWindow = new Map<string, AttributionMessage>();
  for (const m of messages) {
    const t = touchedAt(m);
    if (m.code && codes.has(m.code.toUpperCase()) && t !== null) {
      const best = byCode.get(m.flowKind);
      byCode.set(m.flowKind, best ? later(best, m) : m);
    }
    if (t !== null && at >= t && at <= t + ATTRIBUTION_WINDOW_MS) {
      const best = byWindow.get(m.flowKind);
      byWindow.set(m.flowKind, best ? later(best, m) : m);
    }
  }
  const kinds = [...new Set([...byCode.keys(), ...byWindow.keys()])].sort();
  return kinds.map((flowKind) => {
    const coded = byCode.get(flowKind);
    const m = coded ?? byWindow.get(flowKind)!;
    return { flowKind, runId: m.runId, messageId: m.id, via: coded ? "code" : "window", holdout: m.holdout };
  });
}

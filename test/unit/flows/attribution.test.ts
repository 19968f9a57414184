import { describe, expect, it } from "vitest";
import { attributeOrder, type AttributionMessage } from "../../../app/flows/attribution";

const at = (s: string) => new Date(s);
let nextId = 1;
function msg(over: Partial<AttributionMessage>): AttributionMessage {
  return { id: nextId++, runId: 10, flowKind: "abandoned_checkout", holdout: false, status: "sent", sentAt: at("2026-06-01T11:00:00Z"), code: null, ...over };
}

describe("attributing a paid order", () => {
  it("a paid order within 7 days after a sent mail is recovered by it", () => {
    const m = msg({});
    expect(attributeOrder({ orderedAt: at("2026-06-02T09:00:00Z"), discountCodes: [] }, [m])).toEqual([
      { flowKind: "abandoned_checkout", runId: 10, messageId: m.id, via: "window", holdout: false },
    ]);
    // Exactly 7 days still counts; a second later does not; nor does an order before the mail.
    expect(attributeOrder({ orderedAt: at("2026-06-08T11:00:00Z"), discountCodes: [] }, [m])).toHaveLength(1);
    expect(attributeOrder({ orderedAt: at("2026-06-08T11:00:01Z"), discountCodes: [] }, [m])).toEqual([]);
    expect(attributeOrder({ orderedAt: at("2026-06-01T10:59:59Z"), discountCodes: [] }, [m])).toEqual([]);
  });

  it("held-out messages count from their would-be time; unsent messages never count", () => {
    const held = msg({ status: "held_out", holdout: true, runId: 11 });
    expect(attributeOrder({ orderedAt: at("2026-06-03T00:00:00Z"), discountCodes: [] }, [held])).toEqual([
      { flowKind: "abandoned_checkout", runId: 11, messageId: held.id, via: "window", holdout: true },
    ]);
    for (const status of ["scheduled", "sending", "unknown", "failed", "skipped", "cancelled"]) {
      expect(attributeOrder({ orderedAt: at("2026-06-03T00:00:00Z"), discountCodes: [] }, [msg({ status })])).toEqual([]);
    }
  });

  it("the latest message wins", () => {
    const first = msg({ sentAt: at("2026-06-01T11:00:00Z") });
    const second = msg({ sentAt: at("2026-06-02T10:00:00Z"), runId: 10 });
    const [credit] = attributeOrder({ orderedAt: at("2026-06-03T00:00:00Z"), discountCodes: [] }, [second, first]);
    expect(credit!.messageId).toBe(second.id);
  });

  it("the code beats the window, even when a later mail came and the code's mail is older than 7 days", () => {
    const coded = msg({ sentAt: at("2026-05-20T10:00:00Z"), code: "KANTA-ABCDE-FGHJK", runId: 7 });
    const recent = msg({ sentAt: at("2026-06-02T10:00:00Z"), runId: 8 });
    expect(attributeOrder({ orderedAt: at("2026-06-03T00:00:00Z"), discountCodes: ["kanta-abcde-fghjk"] }, [coded, recent])).toEqual([
      { flowKind: "abandoned_checkout", runId: 7, messageId: coded.id, via: "code", holdout: false },
    ]);
  });

  it("one credit per flow kind", () => {
    const cart = msg({ flowKind: "abandoned_checkout", runId: 1 });
    const back = msg({ flowKind: "win_back", runId: 2 });
    const credits = attributeOrder({ orderedAt: at("2026-06-02T00:00:00Z"), discountCodes: [] }, [cart, back]);
    expect(credits.map((c) => [c.flowKind, c.runId])).toEqual([["abandoned_checkout", 1], ["win_back", 2]]);
  });
});

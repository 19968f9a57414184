import pg from "pg";
import { describe, expect, it } from "vitest";
import "../../../app/storage/sql.server";

describe("PostgreSQL timestamps read back as the ISO strings SQLite holds", () => {
  it("pads fractional seconds PostgreSQL prints without trailing zeros", () => {
    const parse = pg.types.getTypeParser(1114) as (v: string) => string;
    expect(parse("2026-12-02 04:25:45.29")).toBe("2026-12-02T04:25:45.290Z");
    expect(parse("2026-12-02 04:25:45.1")).toBe("2026-12-02T04:25:45.100Z");
    expect(parse("2026-12-02 04:25:45.123")).toBe("2026-12-02T04:25:45.123Z");
    expect(parse("2026-12-02 04:25:45")).toBe("2026-12-02T04:25:45.000Z");
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchemaFrom } from "../../scripts/lib/schema-variants.mjs";

const root = path.resolve(__dirname, "..", "..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

describe("one data model for SQLite and PostgreSQL", () => {
  it("the PostgreSQL schema is exactly the one derived from prisma/schema.prisma", () => {
    expect(read("prisma/postgresql/schema.prisma")).toBe(postgresSchemaFrom(read("prisma/schema.prisma")));
  });

  it("the schema has no change that lacks a migration (run `npm run db:migrate-new -- <name>`)", () => {
    expect(read("prisma/migrations/schema.snapshot.prisma")).toBe(read("prisma/schema.prisma"));
  });

  it("both providers have the same migrations", () => {
    const list = (p: string) => fs.readdirSync(path.join(root, "prisma/migrations", p)).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(list("postgresql")).toEqual(list("sqlite"));
    expect(list("sqlite").length).toBeGreaterThan(0);
  });
});

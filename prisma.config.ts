// Prisma CLI configuration: one switch (DATABASE_PROVIDER) picks the schema, the migrations and
// the driver adapter. Driver adapters with the JS engine mean no native engine is downloaded.
import path from "node:path";
import { defineConfig } from "prisma/config";

const provider = process.env.DATABASE_PROVIDER ?? "sqlite";
if (provider !== "sqlite" && provider !== "postgresql") {
  throw new Error(`DATABASE_PROVIDER must be "sqlite" or "postgresql", got "${provider}"`);
}
const url = process.env.DATABASE_URL ?? (provider === "sqlite" ? "file:./kanta.sqlite" : "");
if (!url) throw new Error("DATABASE_URL is required when DATABASE_PROVIDER=postgresql");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: path.join("prisma", "migrations", provider) },
  async adapter() {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});

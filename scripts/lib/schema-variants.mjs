// The PostgreSQL schema is derived from the SQLite one: only the provider and client output differ.
export function postgresSchemaFrom(sqliteSchema) {
  const header =
    "// GENERATED from prisma/schema.prisma by `node scripts/db.mjs generate`. Do not edit.\n";
  const out = sqliteSchema
    .replace('output     = "../generated/prisma-sqlite"', 'output     = "../../generated/prisma-postgresql"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === sqliteSchema || !out.includes("prisma-postgresql") || !out.includes('"postgresql"')) {
    throw new Error("prisma/schema.prisma no longer has the expected generator/datasource lines");
  }
  return header + out;
}

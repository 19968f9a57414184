// The process-wide database handles: raw SQL for hot paths and Prisma for everything else.
// Kept on globalThis so the HTTP server and the Remix build (two bundles) share one connection.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "../generated/prisma-sqlite";
import { env } from "./env.server";
import { openDatabase, sqliteFileFromUrl, type SqlDatabase } from "./storage/sql.server";

type Handles = { sql?: SqlDatabase; prisma?: Promise<PrismaClient> };
const g = globalThis as typeof globalThis & { __kantaDb?: Handles };
const handles: Handles = (g.__kantaDb ??= {});

export function getSql(): SqlDatabase {
  handles.sql ??= openDatabase(env().DATABASE_PROVIDER, env().DATABASE_URL);
  return handles.sql;
}

async function createPrisma(): Promise<PrismaClient> {
  const { DATABASE_PROVIDER: provider, DATABASE_URL: url } = env();
  // A generated client is tied to one provider; both are generated and the switch picks one.
  const clientPath = path.resolve(process.cwd(), "generated", `prisma-${provider}`, "index.js");
  const mod = await import(pathToFileURL(clientPath).href);
  const Client = (mod.PrismaClient ?? mod.default?.PrismaClient) as new (opts: object) => PrismaClient;
  if (provider === "postgresql") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new Client({ adapter: new PrismaPg({ connectionString: url }) });
  }
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  return new Client({ adapter: new PrismaBetterSQLite3({ url: `file:${sqliteFileFromUrl(url)}` }) });
}

export function getPrisma(): Promise<PrismaClient> {
  handles.prisma ??= createPrisma();
  return handles.prisma;
}

export async function closeDatabases(): Promise<void> {
  const { sql, prisma } = handles;
  handles.sql = undefined;
  handles.prisma = undefined;
  await Promise.all([sql?.close(), prisma?.then((p) => p.$disconnect())]);
}

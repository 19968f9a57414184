// Where the repository is, and test/support/app-server.ts (fresh databases from migrated
// templates, the production build as a child process) loaded on demand, after the build check.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type AppServerSupport = typeof import("../../test/support/app-server");

export async function loadAppServerSupport(): Promise<AppServerSupport> {
  return await import("../../test/support/app-server");
}

// Bundles server/index.ts (and the worker entry) into build/ for `npm start`.
// Packages stay external; the Remix build is loaded at run time from build/index.js.
import { build } from "esbuild";

await build({
  entryPoints: { server: "server/index.ts", worker: "server/worker.ts" },
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

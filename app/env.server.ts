// The app's configuration, parsed once at boot: a bad or missing variable stops the process
// with a message that names it.
import { z } from "zod";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

const EnvSchema = z
  .object({
    SHOPIFY_API_KEY: z.string().min(1, "is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "is required"),
    SHOPIFY_APP_URL: z.string().url("must be an absolute URL, e.g. https://kanta.example.com"),
    SCOPES: z.string().min(1, "is required (comma-separated Admin API scopes)"),
    DATABASE_PROVIDER: z.enum(["sqlite", "postgresql"]).default("sqlite"),
    DATABASE_URL: z.string().min(1, "is required (file:./kanta.sqlite or postgresql://…)"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Days a processed raw webhook body is kept before pruning. */
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How long a worker's claim on a webhook event lasts before another worker may take it. */
    WEBHOOK_LOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Run the webhook worker inside the web process (default) or only in `npm run worker`. */
    KANTA_WORKER: z.enum(["inline", "off"]).default("inline"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_PROVIDER === "sqlite" && !env.DATABASE_URL.startsWith("file:")) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "must start with file: when DATABASE_PROVIDER=sqlite" });
    }
    if (env.DATABASE_PROVIDER === "postgresql" && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "must be a postgresql:// URL when DATABASE_PROVIDER=postgresql" });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { appUrlIsLoopback: boolean };

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const withDefaults = { ...source };
  if (!withDefaults.DATABASE_URL && (withDefaults.DATABASE_PROVIDER ?? "sqlite") === "sqlite") {
    withDefaults.DATABASE_URL = "file:./kanta.sqlite";
  }
  const result = EnvSchema.safeParse(withDefaults);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Kanta cannot start; fix these environment variables:\n${lines.join("\n")}`);
  }
  const appUrlIsLoopback = loopbackHosts.has(new URL(result.data.SHOPIFY_APP_URL).hostname);
  return { ...result.data, appUrlIsLoopback };
}

let cached: Env | undefined;
/** The process environment, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// The app's configuration, parsed once at boot: a bad or missing variable stops the process
// with a message that names it.
import { z } from "zod";
import { isMailbox } from "./mail/address";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

const EnvSchema = z
  .object({
    SHOPIFY_API_KEY: z.string({ required_error: "is required" }).min(1, "is required"),
    SHOPIFY_API_SECRET: z.string({ required_error: "is required" }).min(1, "is required"),
    SHOPIFY_APP_URL: z
      .string({ required_error: "is required" })
      .url("must be an absolute URL, e.g. https://kanta.example.com"),
    SCOPES: z
      .string({ required_error: "is required (comma-separated Admin API scopes)" })
      .min(1, "is required (comma-separated Admin API scopes)"),
    DATABASE_PROVIDER: z.enum(["sqlite", "postgresql"]).default("sqlite"),
    DATABASE_URL: z
      .string({ required_error: "is required (file:./kanta.sqlite or postgresql://…)" })
      .min(1, "is required (file:./kanta.sqlite or postgresql://…)"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Days a processed raw webhook body is kept before pruning. */
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How long a worker's claim on a webhook event lasts before another worker may take it. */
    WEBHOOK_LOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Run the webhook worker inside the web process (default) or only in `npm run worker`. */
    KANTA_WORKER: z.enum(["inline", "off"]).default("inline"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Minutes between reconciliation passes (orders updated since the last pass are compared). */
    RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** How often customers' kanta.points metafields are written (changes are debounced). */
    METAFIELD_SYNC_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
    /** App Proxy requests one shopper (logged-in customer, else client IP) may make per minute, per app process. */
    PROXY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Seconds a shopper's /proxy/me answer is reused by this process (0 = off); their own writes clear it. */
    PROXY_ME_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
    /** Tests and the local demo only: answer Admin API calls from the local emulator. */
    KANTA_ADMIN_EMULATOR: z.enum(["0", "1"]).default("0"),
    KANTA_ADMIN_EMULATOR_DB: z.string().default(".kanta/admin-emulator.sqlite"),
    /** The SMTP server flow mails go through (smtp://user:pass@host:587 or smtps://…:465); unset = no mail is sent. */
    SMTP_URL: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || isSmtpUrl(v), "must be an smtp:// or smtps:// URL, e.g. smtp://user:password@smtp.example.com:587")
      .transform((v) => v || undefined),
    /** The default sender of flow mails (a shop's own sender overrides it): an address or "Name <address>". */
    MAIL_FROM: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || isMailbox(v), 'must be an email address or "Name <address>", e.g. "Kanta <rewards@example.com>"')
      .transform((v) => v?.trim() || undefined),
    /** The local demo only: the folder its SMTP catcher saves received mails in, shown at /local-admin/mail. */
    KANTA_DEMO_MAIL_DIR: z.string().optional(),
  })
  ;

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** The URL must fit the provider; checked on the raw values so it is reported with other errors. */
function databaseUrlIssue(source: Record<string, string | undefined>): string | null {
  const provider = source.DATABASE_PROVIDER ?? "sqlite";
  const url = source.DATABASE_URL;
  if (!url) return null;
  if (provider === "sqlite" && !url.startsWith("file:")) return "  DATABASE_URL: must start with file: when DATABASE_PROVIDER=sqlite";
  if (provider === "postgresql" && !/^postgres(ql)?:\/\//.test(url)) {
    return "  DATABASE_URL: must be a postgresql:// URL when DATABASE_PROVIDER=postgresql";
  }
  return null;
}

export type Env = z.infer<typeof EnvSchema> & { appUrlIsLoopback: boolean };

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const withDefaults = { ...source };
  if (!withDefaults.DATABASE_URL && (withDefaults.DATABASE_PROVIDER ?? "sqlite") === "sqlite") {
    withDefaults.DATABASE_URL = "file:./kanta.sqlite";
  }
  const result = EnvSchema.safeParse(withDefaults);
  const urlIssue = databaseUrlIssue(withDefaults);
  if (!result.success || urlIssue) {
    const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    if (urlIssue) lines.push(urlIssue);
    throw new EnvError(`Kanta cannot start; fix these environment variables:\n${lines.join("\n")}`);
  }
  const appUrlIsLoopback = loopbackHosts.has(new URL(result.data.SHOPIFY_APP_URL).hostname);
  if (result.data.KANTA_ADMIN_EMULATOR === "1" && !appUrlIsLoopback) {
    throw new EnvError(
      "Kanta cannot start; fix these environment variables:\n  KANTA_ADMIN_EMULATOR: the Admin API emulator is only for a loopback SHOPIFY_APP_URL (tests and the local demo)",
    );
  }
  return { ...result.data, appUrlIsLoopback };
}

let cached: Env | undefined;
/** The process environment, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

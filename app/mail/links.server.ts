// Links in mails: they name the message by its tracking token and carry an HMAC-SHA256 signature
// (the app's secret) over the link's kind and every parameter, so a link proves Kanta made it and
// cannot be turned into another kind, another target (no open redirect) or a later expiry.
import { createHmac, timingSafeEqual } from "node:crypto";

export type LinkKind = "unsubscribe" | "click" | "points";

export type VerifiedLink = { trackingToken: string; target?: string; expiresAt?: Date };

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function sign(secret: string, kind: LinkKind, token: string, target: string, expiry: string): string {
  return createHmac("sha256", secret).update(["kanta-mail-link", kind, token, target, expiry].join("\n")).digest("base64url");
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * A signed link to /mail/<kind>: `click` needs `target` (an http(s) URL to redirect to), `points`
 * needs `expiresAt`. Throws on a malformed token or target (a programming error, never input).
 */
export function signedLink(
  appUrl: string, kind: LinkKind, trackingToken: string, secret: string, extra: { target?: string; expiresAt?: Date } = {},
): string {
  if (!TOKEN.test(trackingToken)) throw new Error("signedLink: the tracking token must be 16–128 base64url characters");
  const params = new URLSearchParams({ t: trackingToken });
  let target = "";
  let expiry = "";
  if (kind === "click") {
    if (!extra.target || !isWebUrl(extra.target)) throw new Error("signedLink: a click link needs an http(s) target");
    target = extra.target;
    params.set("u", target);
  }
  if (kind === "points") {
    if (!extra.expiresAt || Number.isNaN(extra.expiresAt.getTime())) throw new Error("signedLink: a points link needs expiresAt");
    expiry = String(Math.floor(extra.expiresAt.getTime() / 1000));
    params.set("e", expiry);
  }
  params.set("s", sign(secret, kind, trackingToken, target, expiry));
  return `${appUrl.replace(/\/+$/, "")}/mail/${kind}?${params.toString()}`;
}

/**
 * Checks a link of `kind` as it came back: "invalid" for anything missing, malformed or not
 * signed by `secret` for this kind and these parameters; "expired" for a genuine points link past
 * its expiry.
 */
export function verifyLink(url: URL, kind: LinkKind, secret: string, now: Date = new Date()): VerifiedLink | { error: "invalid" | "expired" } {
  const q = url.searchParams;
  const token = q.get("t") ?? "";
  const signature = q.get("s") ?? "";
  if (!TOKEN.test(token) || !SIGNATURE.test(signature)) return { error: "invalid" };
  const target = kind === "click" ? q.get("u") ?? "" : "";
  const expiry = kind === "points" ? q.get("e") ?? "" : "";
  if (kind === "click" && !isWebUrl(target)) return { error: "invalid" };
  if (kind === "points" && !/^\d{1,12}$/.test(expiry)) return { error: "invalid" };
  const expected = Buffer.from(sign(secret, kind, token, target, expiry));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: "invalid" };
  if (kind === "click") return { trackingToken: token, target };
  if (kind === "points") {
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { error: "expired" };
    return { trackingToken: token, expiresAt };
  }
  return { trackingToken: token };
}

/** RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the URL. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

// The emulator's side of OAuth token exchange: the embedded app trades the session token for an
// offline access token (POST https://SHOP/admin/oauth/access_token). It checks the request's shape
// and answers with the token the emulated shop expects.
import type { EmulatorStore } from "./store.server";

const TOKEN_URL = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)\/admin\/oauth\/access_token(?:\?|$)/i;

function href(input: Parameters<typeof fetch>[0]): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

export function isTokenExchange(input: Parameters<typeof fetch>[0]): boolean {
  return TOKEN_URL.test(href(input));
}

export async function answerTokenExchange(store: EmulatorStore, input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  const shop = TOKEN_URL.exec(href(input))![1].toLowerCase();
  const raw = typeof init?.body === "string" ? init.body : init?.body ? await new Response(init.body).text() : "";
  let body: Record<string, string>;
  try {
    body = raw.trim().startsWith("{") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return Response.json({ error: "invalid_request" }, { status: 400 });
  }
  const valid =
    body.grant_type === "urn:ietf:params:oauth:grant-type:token-exchange" &&
    typeof body.subject_token === "string" && body.subject_token.split(".").length === 3 &&
    typeof body.client_id === "string" && typeof body.client_secret === "string";
  if (!valid || !store.shop(shop)) {
    return Response.json({ error: "invalid_subject_token", error_description: `unknown shop or malformed exchange for ${shop}` }, { status: 400 });
  }
  // Shopify grants the scopes the app is configured with; here, the ones this process asks for.
  return Response.json({ access_token: store.accessToken(shop) ?? `shpat_emulated_${shop}`, scope: process.env.SCOPES ?? "" });
}

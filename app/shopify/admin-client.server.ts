// The one way Kanta sends Admin GraphQL: adminRequest() wraps the `graphql` function of an admin
// context from @shopify/shopify-app-remix, paces each shop's calls by its cost bucket, retries what
// is transient (THROTTLED, HTTP 429/5xx, network failures) and turns everything else into a typed
// AdminApiError.
//
// How that `graphql` function reports failures (@shopify/shopify-app-remix 4.2.1 on
// @shopify/shopify-api 13, @shopify/graphql-client 1.4):
// - It makes exactly one HTTP request: it passes `retries: 0` unless given `tries`, which Kanta
//   never passes (shopify-app-remix dist/esm/server/clients/admin/graphql.mjs), so the
//   graphql-client's own 429/503 retry loop (graphql-client/dist/graphql-client/http-fetch.mjs)
//   does not run and nothing waits on THROTTLED.
// - Success: it *returns* `new Response(JSON.stringify({ data, extensions, headers }))`.
// - A 200 whose body has `errors` (THROTTLED included) or no `data`: shopify-api's
//   GraphqlClient.request (shopify-api dist/esm/lib/clients/admin/graphql/client.mjs) calls
//   throwFailedRequest (lib/clients/common.mjs), which *throws* GraphqlQueryError with
//   `body = { data?, extensions?, errors: { graphQLErrors, … } }` (so extensions.cost is there).
// - HTTP 429 → HttpThrottlingError (`response.retryAfter` from Retry-After), ≥500 →
//   HttpInternalError, other statuses → HttpResponseError; all carry `response.code`. With
//   retries configured they would become HttpMaxRetriesError instead.
// - No response at all (DNS, reset, …) → HttpRequestError.
// - In authenticate.admin / authenticate.webhook contexts, handleClientError
//   (server/authenticate/admin/helpers/handle-client-error.mjs) converts every HttpResponseError
//   into a thrown `Response` with the same status (after, for 401 under token exchange, a thrown
//   re-auth Response: a bounce-page redirect or a 401 with X-Shopify-Retry-Invalid-Session-Request).
//   unauthenticated.admin has no handleClientError: the library errors above are thrown as such.
// Both the thrown and the returned forms are handled below. Library errors are recognised by
// shape and class name rather than `instanceof`, which would break across the package's ESM and
// CJS builds.
import { log } from "../lib/log.server";

/** The `graphql` function of an admin context from @shopify/shopify-app-remix (authenticate.admin / unauthenticated.admin). */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export type UserError = { field?: string[] | null; message: string; code?: string | null };

export type AdminApiErrorKind = "network" | "http" | "graphql" | "throttled" | "user_errors" | "null_data";

export type AdminGraphqlErrorEntry = {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
};

export type AdminApiErrorDetails = {
  /** The operation name of the document (e.g. "KantaOrdersPage"). */
  operation?: string;
  shop?: string;
  /** HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** The GraphQL `errors` of the last response. */
  graphqlErrors?: AdminGraphqlErrorEntry[];
  /** How many requests were sent. */
  attempts?: number;
  cause?: unknown;
};

export class AdminApiError extends Error {
  readonly kind: AdminApiErrorKind;
  readonly operation?: string;
  readonly shop?: string;
  readonly status?: number;
  readonly graphqlErrors: AdminGraphqlErrorEntry[];
  readonly attempts?: number;

  constructor(kind: AdminApiErrorKind, message: string, details: AdminApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "AdminApiError";
    this.kind = kind;
    this.operation = details.operation;
    this.shop = details.shop;
    this.status = details.status;
    this.graphqlErrors = details.graphqlErrors ?? [];
    this.attempts = details.attempts;
  }
}

export class AdminUserErrors extends AdminApiError {
  readonly userErrors: UserError[];

  constructor(what: string, userErrors: UserError[], details: AdminApiErrorDetails = {}) {
    super("user_errors", `${what}: ${userErrors.map(formatUserError).join("; ")}`, details);
    this.name = "AdminUserErrors";
    this.userErrors = userErrors.map((e) => ({ ...e }));
  }
}

function formatUserError(e: UserError): string {
  const field = e.field?.length ? `${e.field.join(".")}: ` : "";
  const code = e.code ? ` (${e.code})` : "";
  return `${field}${e.message}${code}`;
}

/** Throws AdminUserErrors when payload.userErrors is non-empty; returns the payload otherwise. Also throws AdminApiError("null_data") when the payload itself is null. */
export function expectPayload<T extends { userErrors: UserError[] }>(payload: T | null | undefined, what: string): T {
  if (payload === null || payload === undefined) {
    throw new AdminApiError("null_data", `${what}: the mutation returned no payload`);
  }
  if (payload.userErrors.length > 0) throw new AdminUserErrors(what, payload.userErrors);
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Cost accounting: Shopify's Admin API meters each shop (per app) with a leaky bucket of points
// (Standard: 1,000 max, 100/s restore; Plus: more). Every response reports the bucket in
// `extensions.cost.throttleStatus` and the operation's `requestedQueryCost`.

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
export type QueryCost = { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus };

type Bucket = ThrottleStatus & { at: number };

/** Last known bucket per shop; `currentlyAvailable` may go negative to book requests in flight. */
const buckets = new Map<string, Bucket>();
/** Last requested cost per document (the cost depends on the document and its page sizes). */
const lastRequestedCost = new Map<string, number>();

/** Forgets all pacing state (for tests). */
export function resetAdminPacer(): void {
  buckets.clear();
  lastRequestedCost.clear();
}

/** The pacer's current view of a shop's bucket (for diagnostics and tests). */
export function knownBucket(shop: string): Readonly<Bucket> | undefined {
  const b = buckets.get(shop);
  return b ? { ...b } : undefined;
}

function availableAt(b: Bucket, t: number): number {
  return Math.min(b.maximumAvailable, b.currentlyAvailable + (b.restoreRate * (t - b.at)) / 1000);
}

type Booking = { bucket: Bucket; points: number; waitMs: number };

/**
 * Books `document`'s last requested cost in the shop's bucket and says how long to wait first
 * (nothing when the bucket or the cost is unknown, 0 when enough points are available).
 * Booking at once makes concurrent calls for the same shop queue behind each other.
 */
function reserve(shop: string, document: string, t: number): Booking | undefined {
  const bucket = buckets.get(shop);
  const cost = lastRequestedCost.get(document);
  if (!bucket || cost === undefined || !(bucket.restoreRate > 0)) return undefined;
  const points = Math.min(cost, bucket.maximumAvailable);
  const available = availableAt(bucket, t);
  bucket.currentlyAvailable = available - points;
  bucket.at = t;
  const waitMs = available >= points ? 0 : Math.ceil(((points - available) / bucket.restoreRate) * 1000);
  return { bucket, points, waitMs };
}

/** Gives back a booking whose request got no GraphQL response (HTTP error, network): it cost nothing. */
function refund(shop: string, booking: Booking | undefined): void {
  if (booking && buckets.get(shop) === booking.bucket) booking.bucket.currentlyAvailable += booking.points;
}

function remember(shop: string | undefined, document: string, cost: QueryCost | undefined, t: number): void {
  if (!cost) return;
  if (typeof cost.requestedQueryCost === "number") lastRequestedCost.set(document, cost.requestedQueryCost);
  const s = cost.throttleStatus;
  if (shop && s && isFiniteNumber(s.maximumAvailable) && isFiniteNumber(s.currentlyAvailable) && isFiniteNumber(s.restoreRate)) {
    buckets.set(shop, {
      maximumAvailable: s.maximumAvailable,
      currentlyAvailable: s.currentlyAvailable,
      restoreRate: s.restoreRate,
      at: t,
    });
  }
}

/** Wait after THROTTLED: until the bucket holds the requested cost again, in whole seconds, at least 1 s. */
export function throttleWaitMs(cost: QueryCost | undefined): number | undefined {
  const s = cost?.throttleStatus;
  const requested = cost?.requestedQueryCost;
  if (!s || typeof requested !== "number" || !(s.restoreRate > 0)) return undefined;
  const needed = Math.min(requested, s.maximumAvailable);
  return Math.max(1, Math.ceil((needed - s.currentlyAvailable) / s.restoreRate)) * 1000;
}

/** Exponential backoff for HTTP 429/5xx and network failures: 1 s, 2 s, 4 s, … capped at 32 s. */
export function backoffMs(failedAttempt: number): number {
  return Math.min(32_000, 1000 * 2 ** (failedAttempt - 1));
}

// ---------------------------------------------------------------------------------------------

type GraphqlBody = { data?: unknown; errors?: unknown; extensions?: { cost?: QueryCost } };

type Outcome =
  | { type: "data"; data: unknown; cost?: QueryCost }
  | { type: "throttled"; errors: AdminGraphqlErrorEntry[]; cost?: QueryCost }
  | { type: "retry"; kind: "http" | "network"; message: string; status?: number; retryAfterMs?: number; cause?: unknown }
  | { type: "fail"; error: AdminApiError; cost?: QueryCost }
  | { type: "rethrow"; value: unknown };

export type AdminRequestOptions = {
  /** The shop the `graphql` function belongs to: enables pacing, and is named in errors. */
  shop?: string;
  /** Requests to send at most, the first included (default 6). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function adminRequest<TData, TVars extends Record<string, unknown> | undefined>(
  graphql: AdminGraphql,
  document: string,
  variables: TVars,
  opts: AdminRequestOptions = {},
): Promise<TData> {
  const operation = operationName(document);
  const shop = opts.shop;
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 6));
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  const label = `Admin API ${operation}${shop ? ` (${shop})` : ""}`;
  const details = (attempts: number, extra: AdminApiErrorDetails = {}): AdminApiErrorDetails => ({ operation, shop, attempts, ...extra });

  for (let attempt = 1; ; attempt++) {
    const booking = shop ? reserve(shop, document, now()) : undefined;
    if (booking && booking.waitMs > 0) {
      log.debug("admin api: pacing", { shop, operation, waitMs: booking.waitMs });
      await sleep(booking.waitMs);
    }

    let outcome: Outcome;
    try {
      const response = await graphql(document, variables === undefined ? undefined : { variables });
      outcome = await fromResponse(response, label);
    } catch (thrown) {
      outcome = await fromThrown(thrown, label);
    }

    switch (outcome.type) {
      case "data":
        remember(shop, document, outcome.cost, now());
        return outcome.data as TData;

      case "throttled": {
        remember(shop, document, outcome.cost, now());
        if (attempt >= maxAttempts) {
          throw new AdminApiError("throttled", `${label}: still throttled after ${attempt} attempts`, details(attempt, { graphqlErrors: outcome.errors }));
        }
        const wait = throttleWaitMs(outcome.cost) ?? backoffMs(attempt);
        log.warn("admin api: throttled, retrying", { shop, operation, attempt, waitMs: wait });
        const b = shop ? buckets.get(shop) : undefined;
        await sleep(wait);
        // The bucket has refilled by now: restart the pacer from there so that it does not wait a
        // second time (whatever the clock says), unless a newer response has replaced it meanwhile.
        if (b && shop && buckets.get(shop) === b) {
          b.currentlyAvailable = Math.min(b.maximumAvailable, availableAt(b, b.at) + (b.restoreRate * wait) / 1000);
          b.at = now();
        }
        break;
      }

      case "retry": {
        if (shop) refund(shop, booking);
        if (attempt >= maxAttempts) {
          throw new AdminApiError(outcome.kind, `${outcome.message} (gave up after ${attempt} attempts)`, details(attempt, { status: outcome.status, cause: outcome.cause }));
        }
        const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempt));
        log.warn("admin api: transient failure, retrying", { shop, operation, attempt, waitMs: wait, error: outcome.message });
        await sleep(wait);
        break;
      }

      case "fail":
        if (outcome.cost) remember(shop, document, outcome.cost, now());
        else if (shop) refund(shop, booking);
        throw new AdminApiError(outcome.error.kind, outcome.error.message, details(attempt, {
          status: outcome.error.status,
          graphqlErrors: outcome.error.graphqlErrors,
          cause: outcome.error.cause,
        }));

      case "rethrow":
        if (shop) refund(shop, booking);
        throw outcome.value;
    }
  }
}

/** The name of the document's first operation ("anonymous" when unnamed). */
export function operationName(document: string): string {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1] ?? "anonymous";
}

/** A GraphQL response body, from a returned Response or a thrown GraphqlQueryError. */
function fromBody(body: GraphqlBody, label: string): Outcome {
  const cost = body.extensions?.cost;
  const errors = graphqlErrorList(body.errors);
  if (errors.length > 0) {
    if (errors.some((e) => e.extensions?.code === "THROTTLED")) return { type: "throttled", errors, cost };
    return { type: "fail", error: new AdminApiError("graphql", `${label}: ${errors.map((e) => e.message).join("; ")}`, { graphqlErrors: errors }), cost };
  }
  if (body.data === null || body.data === undefined || typeof body.data !== "object") {
    return { type: "fail", error: new AdminApiError("null_data", `${label}: the response has no data`) };
  }
  return { type: "data", data: body.data, cost };
}

/** `errors` as in a GraphQL response (an array), or as graphql-client reshapes it ({ graphQLErrors }). */
function graphqlErrorList(errors: unknown): AdminGraphqlErrorEntry[] {
  const list = Array.isArray(errors)
    ? errors
    : isObject(errors) && Array.isArray(errors.graphQLErrors)
      ? errors.graphQLErrors
      : [];
  return list.map((e): AdminGraphqlErrorEntry => {
    if (!isObject(e)) return { message: String(e) };
    const entry: AdminGraphqlErrorEntry = { message: typeof e.message === "string" ? e.message : JSON.stringify(e) };
    if (Array.isArray(e.path)) entry.path = e.path as Array<string | number>;
    if (isObject(e.extensions)) entry.extensions = e.extensions;
    return entry;
  });
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function retryAfterMs(value: unknown): number | undefined {
  const seconds = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

async function fromResponse(response: Response, label: string): Promise<Outcome> {
  if (!response.ok) return fromHttpResponse(response, label);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // A 200 whose body is not JSON is a cut-off transfer more often than anything else.
    return { type: "retry", kind: "network", message: `${label}: unreadable response body (${(error as Error).message})`, cause: error };
  }
  if (!isObject(body)) {
    return { type: "fail", error: new AdminApiError("null_data", `${label}: the response has no data`) };
  }
  return fromBody(body as GraphqlBody, label);
}

async function fromHttpResponse(response: Response, label: string): Promise<Outcome> {
  const status = response.status;
  const text = await response.text().catch(() => "");
  const message = `${label}: HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}${text ? `: ${text.slice(0, 500)}` : ""}`;
  if (isRetryableStatus(status)) {
    return { type: "retry", kind: "http", message, status, retryAfterMs: retryAfterMs(response.headers.get("Retry-After")) };
  }
  return { type: "fail", error: new AdminApiError("http", message, { status }) };
}

async function fromThrown(thrown: unknown, label: string): Promise<Outcome> {
  if (thrown instanceof Response) {
    // Re-authentication control flow from authenticate.admin (bounce-page redirect, or a 401 that
    // tells App Bridge to retry with a fresh session token): Remix must see it unchanged.
    if ((thrown.status >= 300 && thrown.status < 400) || thrown.status === 401) return { type: "rethrow", value: thrown };
    // handleClientError's copy of a 200 with neither `data` nor `errors` (see above).
    if (thrown.ok) return { type: "fail", error: new AdminApiError("null_data", `${label}: the response has no data`, { status: thrown.status }) };
    return fromHttpResponse(thrown, label);
  }
  if (!(thrown instanceof Error)) return { type: "rethrow", value: thrown };
  const error = thrown as Error & Record<string, unknown>;
  const className = error.constructor?.name;

  // GraphqlQueryError: the full response body is attached.
  if (className === "GraphqlQueryError" || (isObject(error.body) && isObject(error.body.errors) && Array.isArray(error.body.errors.graphQLErrors))) {
    if (isObject(error.body)) {
      const outcome = fromBody(error.body as GraphqlBody, label);
      if (outcome.type === "fail") outcome.error = new AdminApiError(outcome.error.kind, outcome.error.message, { graphqlErrors: outcome.error.graphqlErrors, cause: thrown });
      return outcome;
    }
    return { type: "fail", error: new AdminApiError("graphql", `${label}: ${error.message}`, { cause: thrown }) };
  }

  // HttpResponseError and subclasses (HttpThrottlingError, HttpInternalError).
  if (isObject(error.response) && typeof error.response.code === "number") {
    const status = error.response.code;
    // A 200 with neither `data` nor `errors` comes out of throwFailedRequest as an HttpResponseError.
    if (status >= 200 && status < 300) return { type: "fail", error: new AdminApiError("null_data", `${label}: the response has no data`, { status, cause: thrown }) };
    const message = `${label}: HTTP ${status}${typeof error.response.statusText === "string" && error.response.statusText ? ` ${error.response.statusText}` : ""}`;
    if (isRetryableStatus(status)) {
      return { type: "retry", kind: "http", message, status, retryAfterMs: retryAfterMs(error.response.retryAfter), cause: thrown };
    }
    return { type: "fail", error: new AdminApiError("http", message, { status, cause: thrown }) };
  }

  // The library gave up after its own retries (only when called with `tries`).
  if (className === "HttpMaxRetriesError") {
    return { type: "retry", kind: "http", message: `${label}: ${error.message}`, cause: thrown };
  }

  if (className === "HttpRequestError" || isNetworkError(error)) {
    return { type: "retry", kind: "network", message: `${label}: network error: ${error.message}`, cause: thrown };
  }

  // Anything else (no session, a bug, an abort) is not ours to interpret.
  return { type: "rethrow", value: thrown };
}

const NETWORK_CODES = new Set([
  "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT",
]);

/** A failed fetch: undici's TypeError("fetch failed") or a socket error code on the error or its cause. */
function isNetworkError(error: Error & Record<string, unknown>): boolean {
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return true;
  const codeOf = (e: unknown) => (isObject(e) && typeof e.code === "string" ? e.code : undefined);
  const code = codeOf(error) ?? codeOf(error.cause);
  return code !== undefined && NETWORK_CODES.has(code);
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

// adminRequest / expectPayload: retries, pacing and error classification, first against a fake
// `graphql` function (returning Responses or throwing what the library throws), then against the
// real `admin.graphql` of @shopify/shopify-app-remix with only `fetch` faked.
import "@shopify/shopify-app-remix/adapters/node";
import {
  GraphqlQueryError,
  HttpInternalError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
} from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, LogSeverity, Session, shopifyApp } from "@shopify/shopify-app-remix/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setLogLevel } from "../../../app/lib/log.server";
import {
  AdminApiError,
  AdminUserErrors,
  adminRequest,
  backoffMs,
  expectPayload,
  knownBucket,
  operationName,
  resetAdminPacer,
  throttleWaitMs,
  type AdminGraphql,
  type QueryCost,
} from "../../../app/shopify/admin-client.server";

const SHOP = "kanta-test.myshopify.com";
const DOC = `#graphql
  query KantaShopFacts { shop { id name } }
`;
const DATA = { shop: { id: "gid://shopify/Shop/1", name: "Kanta Test" } };

function cost(requested: number, available: number, restoreRate = 100, maximumAvailable = 1000): QueryCost {
  return { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { maximumAvailable, currentlyAvailable: available, restoreRate } };
}
const THROTTLED_ERROR = {
  message: "Throttled",
  extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
};

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, ...init, headers: { "Content-Type": "application/json", ...init.headers } });
}
const ok = (data: unknown = DATA, c: QueryCost = cost(2, 998)) => json({ data, extensions: { cost: c } });
const throttled = (c: QueryCost) => json({ errors: [THROTTLED_ERROR], extensions: { cost: c } });

/** What shopify-api's throwFailedRequest throws for a 200 whose body has `errors`. */
function graphqlQueryError(errors: unknown[], extensions?: Record<string, unknown>, data?: unknown): GraphqlQueryError {
  const response = json({ errors, extensions, data });
  return new GraphqlQueryError({
    message: (errors[0] as { message: string }).message,
    response: response as unknown as Record<string, unknown>,
    headers: {},
    body: {
      ...(data === undefined ? {} : { data }),
      ...(extensions ? { extensions } : {}),
      headers: {},
      errors: {
        networkStatusCode: 200,
        message: "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.",
        graphQLErrors: errors,
        response,
      },
    },
  });
}

type Step = () => Response | Promise<Response>;

/** A fake admin `graphql`: each call runs the next step (returning or throwing). */
function fakeGraphql(...steps: Step[]) {
  const calls: Array<{ query: string; options?: { variables?: Record<string, unknown> } }> = [];
  const graphql: AdminGraphql = async (query, options) => {
    calls.push({ query, options });
    const step = steps[Math.min(calls.length, steps.length) - 1];
    return step();
  };
  return { graphql, calls };
}
const raise = (error: unknown): Step => () => {
  throw error;
};

/** A fake clock that sleeping advances. */
function fakeTime(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AdminApiError> {
  try {
    await promise;
  } catch (error) {
    return error as AdminApiError;
  }
  throw new Error("expected a rejection");
}

beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));
beforeEach(() => resetAdminPacer());

describe("adminRequest", () => {
  it("returns data and passes the variables", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => ok());
    const data = await adminRequest<typeof DATA, { first: number }>(graphql, DOC, { first: 5 }, { shop: SHOP, ...time });
    expect(data).toEqual(DATA);
    expect(calls).toEqual([{ query: DOC, options: { variables: { first: 5 } } }]);
    expect(time.sleeps).toEqual([]);
  });

  it("sends no options when there are no variables", async () => {
    const { graphql, calls } = fakeGraphql(() => ok());
    await adminRequest(graphql, DOC, undefined, fakeTime());
    expect(calls).toEqual([{ query: DOC, options: undefined }]);
  });

  it("THROTTLED then success: waits until the bucket holds the requested cost, then retries", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => throttled(cost(752, 252, 100)), () => ok());
    const data = await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time });
    expect(data).toEqual(DATA);
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([5000]); // ceil((752 - 252) / 100) s
  });

  it("THROTTLED thrown as GraphqlQueryError (as admin.graphql does) then success", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(
      raise(graphqlQueryError([THROTTLED_ERROR], { cost: cost(752, 252, 100) })),
      () => ok(),
    );
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([5000]);
  });

  it("THROTTLED waits whole seconds, at least one", async () => {
    expect(throttleWaitMs(cost(752, 252, 100))).toBe(5000);
    expect(throttleWaitMs(cost(101, 0, 50))).toBe(3000); // 2.02 s → 3 s
    expect(throttleWaitMs(cost(50, 45, 100))).toBe(1000); // 0.05 s → 1 s
    expect(throttleWaitMs(cost(50, 80, 100))).toBe(1000); // already enough (others drained it) → 1 s
    expect(throttleWaitMs(cost(2000, 0, 100, 1000))).toBe(10_000); // never more than a full bucket
    expect(throttleWaitMs(undefined)).toBeUndefined();
  });

  it("THROTTLED without cost information backs off exponentially", async () => {
    const time = fakeTime();
    const { graphql } = fakeGraphql(() => json({ errors: [THROTTLED_ERROR] }), () => json({ errors: [THROTTLED_ERROR] }), () => ok());
    await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time });
    expect(time.sleeps).toEqual([1000, 2000]);
  });

  it("exhausted THROTTLED retries → AdminApiError kind throttled", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => throttled(cost(752, 252, 100)));
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, maxAttempts: 3, ...time }));
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error.kind).toBe("throttled");
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): still throttled after 3 attempts`);
    expect(error.attempts).toBe(3);
    expect(error.operation).toBe("KantaShopFacts");
    expect(error.shop).toBe(SHOP);
    expect(error.graphqlErrors).toEqual([THROTTLED_ERROR]);
    expect(calls).toHaveLength(3);
    expect(time.sleeps).toEqual([5000, 5000]);
  });

  it("defaults to 6 attempts", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => throttled(cost(752, 252, 100)));
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time }));
    expect(error.kind).toBe("throttled");
    expect(calls).toHaveLength(6);
    expect(time.sleeps).toEqual([5000, 5000, 5000, 5000, 5000]);
  });

  it("HTTP 503 (returned) then success: exponential backoff", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => new Response("Service Unavailable", { status: 503 }), () => ok());
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([1000]);
  });

  it("HTTP 503 thrown as HttpInternalError (unauthenticated.admin) then success", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(
      raise(new HttpInternalError({ message: "Shopify internal error", code: 503, statusText: "Service Unavailable" })),
      () => ok(),
    );
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([1000]);
  });

  it("HTTP 502 thrown as a Response (authenticate.admin's handleClientError) then success", async () => {
    const time = fakeTime();
    const { graphql } = fakeGraphql(raise(new Response("{}", { status: 502 })), () => ok());
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(time.sleeps).toEqual([1000]);
  });

  it("HTTP 429 honours Retry-After when it is longer than the backoff", async () => {
    const time = fakeTime();
    const { graphql } = fakeGraphql(
      raise(new HttpThrottlingError({ message: "Shopify is throttling requests", code: 429, statusText: "Too Many Requests", retryAfter: 2.5 })),
      () => new Response("", { status: 429, headers: { "Retry-After": "1" } }),
      () => ok(),
    );
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(time.sleeps).toEqual([2500, 2000]);
  });

  it("exhausted HTTP retries → AdminApiError kind http with the status", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => new Response("Bad Gateway", { status: 502, statusText: "Bad Gateway" }));
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, maxAttempts: 4, ...time }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(502);
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): HTTP 502 Bad Gateway: Bad Gateway (gave up after 4 attempts)`);
    expect(calls).toHaveLength(4);
    expect(time.sleeps).toEqual([1000, 2000, 4000]);
    expect(backoffMs(7)).toBe(32_000);
  });

  it("network failures are retried; exhausted → kind network", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(
      raise(new HttpRequestError("Http request error, no response available: GraphQL Client: fetch failed")),
      raise(new TypeError("fetch failed")),
      () => ok(),
    );
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(calls).toHaveLength(3);
    expect(time.sleeps).toEqual([1000, 2000]);

    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const failing = fakeGraphql(raise(reset));
    const error = await rejection(adminRequest(failing.graphql, DOC, undefined, { maxAttempts: 2, ...fakeTime() }));
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Admin API KantaShopFacts: network error: socket hang up (gave up after 2 attempts)");
    expect(error.cause).toBe(reset);
  });

  it("a plain GraphQL error → kind graphql with the message, not retried", async () => {
    const time = fakeTime();
    const errors = [{ message: "Field 'idd' doesn't exist on type 'Shop'", locations: [{ line: 1, column: 9 }], path: ["query", "shop", "idd"], extensions: { code: "undefinedField", typeName: "Shop", fieldName: "idd" } }];
    const { graphql, calls } = fakeGraphql(() => json({ errors }));
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time }));
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error.kind).toBe("graphql");
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): Field 'idd' doesn't exist on type 'Shop'`);
    expect(error.graphqlErrors).toEqual([{ message: errors[0].message, path: errors[0].path, extensions: errors[0].extensions }]);
    expect(calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it("a GraphQL error thrown as GraphqlQueryError → kind graphql, all messages, the library error as cause", async () => {
    const thrown = graphqlQueryError(
      [{ message: "Access denied for orders field." }, { message: "Internal error. Request ID: abc" }],
      undefined,
      { orders: null },
    );
    const { graphql } = fakeGraphql(raise(thrown));
    const error = await rejection(adminRequest(graphql, DOC, undefined, fakeTime()));
    expect(error.kind).toBe("graphql");
    expect(error.message).toBe("Admin API KantaShopFacts: Access denied for orders field.; Internal error. Request ID: abc");
    expect(error.cause).toBe(thrown);
  });

  it("a response without data → kind null_data", async () => {
    const { graphql } = fakeGraphql(() => json({ data: null }));
    const error = await rejection(adminRequest(graphql, DOC, undefined, fakeTime()));
    expect(error.kind).toBe("null_data");
    expect(error.message).toBe("Admin API KantaShopFacts: the response has no data");
  });

  it("other HTTP errors are not retried: kind http with the status", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(
      raise(new HttpResponseError({ message: "Received an error response (403 Forbidden) from Shopify", code: 403, statusText: "Forbidden" })),
    );
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(403);
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): HTTP 403 Forbidden`);
    expect(calls).toHaveLength(1);
  });

  it("re-authentication Responses and unknown errors propagate unchanged", async () => {
    const reauth = new Response(undefined, { status: 401, headers: { "X-Shopify-Retry-Invalid-Session-Request": "1" } });
    await expect(adminRequest(fakeGraphql(raise(reauth)).graphql, DOC, undefined, fakeTime())).rejects.toBe(reauth);
    const redirect = new Response(null, { status: 302, headers: { Location: "/auth/session-token" } });
    await expect(adminRequest(fakeGraphql(raise(redirect)).graphql, DOC, undefined, fakeTime())).rejects.toBe(redirect);
    const bug = new Error("Could not find a session for shop");
    await expect(adminRequest(fakeGraphql(raise(bug)).graphql, DOC, undefined, fakeTime())).rejects.toBe(bug);
  });

  it("names the operation of the document", () => {
    expect(operationName(DOC)).toBe("KantaShopFacts");
    expect(operationName("mutation KantaMetafieldsSet($m: [MetafieldsSetInput!]!) { x }")).toBe("KantaMetafieldsSet");
    expect(operationName("{ shop { id } }")).toBe("anonymous");
  });
});

describe("per-shop pacing", () => {
  const ORDERS = `query KantaOrdersPage { orders(first: 250) { nodes { id } } }`;

  it("before sending, waits while the shop's bucket is below the operation's last requested cost", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => ok({ orders: { nodes: [] } }, cost(752, 100, 100)));
    await adminRequest(graphql, ORDERS, undefined, { shop: SHOP, ...time });
    expect(time.sleeps).toEqual([]); // nothing known yet
    expect(knownBucket(SHOP)).toEqual({ maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 100, at: 1_000_000 });

    await adminRequest(graphql, ORDERS, undefined, { shop: SHOP, ...time });
    expect(time.sleeps).toEqual([6520]); // (752 - 100) / 100 s
    expect(calls).toHaveLength(2);
  });

  it("does not wait once the bucket has refilled, nor for another shop", async () => {
    const time = fakeTime();
    const { graphql } = fakeGraphql(() => ok({ orders: { nodes: [] } }, cost(752, 100, 100)));
    await adminRequest(graphql, ORDERS, undefined, { shop: SHOP, ...time });
    await adminRequest(graphql, ORDERS, undefined, { shop: "other.myshopify.com", ...time });
    time.advance(6520);
    await adminRequest(graphql, ORDERS, undefined, { shop: SHOP, ...time });
    expect(time.sleeps).toEqual([]);
  });

  it("concurrent calls for one shop queue behind each other", async () => {
    const time = fakeTime();
    const first = fakeGraphql(() => ok({ orders: { nodes: [] } }, cost(500, 800, 100)));
    await adminRequest(first.graphql, ORDERS, undefined, { shop: SHOP, ...time });
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    // Each response would report the bucket again; keep it silent so only the booking counts.
    const silent = fakeGraphql(() => json({ data: { orders: { nodes: [] } } }));
    await Promise.all([1, 2, 3].map(() => adminRequest(silent.graphql, ORDERS, undefined, { shop: SHOP, now: time.now, sleep })));
    // 800 available: the first goes at once (300 left), then 2 s and 7 s of refill for the others.
    expect(sleeps).toEqual([2000, 7000]);
  });

  it("after a THROTTLED wait the pacer does not wait a second time", async () => {
    const time = fakeTime();
    const { graphql, calls } = fakeGraphql(() => throttled(cost(752, 252, 100)), () => ok(DATA, cost(752, 500, 100)));
    await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time });
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([5000]);
  });
});

describe("expectPayload", () => {
  it("returns a payload without userErrors", () => {
    const payload = { metafields: [], userErrors: [] };
    expect(expectPayload(payload, "metafieldsSet")).toBe(payload);
  });

  it("throws AdminUserErrors with the exact list", () => {
    const userErrors = [
      { field: ["metafields", "0", "value"], message: "Value must be an integer.", code: "INVALID_VALUE" },
      { field: null, message: "Something else is wrong.", code: null },
    ];
    let error: AdminUserErrors | undefined;
    try {
      expectPayload({ metafields: null, userErrors }, "metafieldsSet kanta.points");
    } catch (e) {
      error = e as AdminUserErrors;
    }
    expect(error).toBeInstanceOf(AdminUserErrors);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error?.kind).toBe("user_errors");
    expect(error?.userErrors).toEqual(userErrors);
    expect(error?.message).toBe(
      "metafieldsSet kanta.points: metafields.0.value: Value must be an integer. (INVALID_VALUE); Something else is wrong.",
    );
  });

  it("throws null_data when the payload is null", () => {
    for (const payload of [null, undefined]) {
      let error: AdminApiError | undefined;
      try {
        expectPayload<{ userErrors: [] }>(payload, "metafieldDefinitionCreate");
      } catch (e) {
        error = e as AdminApiError;
      }
      expect(error).toBeInstanceOf(AdminApiError);
      expect(error?.kind).toBe("null_data");
      expect(error?.message).toBe("metafieldDefinitionCreate: the mutation returned no payload");
    }
  });
});

describe("with the real admin.graphql of @shopify/shopify-app-remix (fetch faked)", () => {
  let responses: Array<() => Response> = [];
  let fetches = 0;
  let graphql: AdminGraphql;

  beforeAll(async () => {
    setAbstractFetchFunc(async () => {
      fetches++;
      const next = responses.shift();
      if (!next) throw new Error("unexpected fetch");
      return next();
    });
    const offline = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: "shpat_test", scope: "read_orders" });
    const app = shopifyApp({
      apiKey: "test-key",
      apiSecretKey: "test-secret",
      apiVersion: ApiVersion.July26,
      appUrl: "https://kanta.example",
      scopes: ["read_orders"],
      distribution: AppDistribution.AppStore,
      logger: { level: LogSeverity.Error },
      sessionStorage: {
        storeSession: async () => true,
        loadSession: async (id: string) => (id === offline.id ? offline : undefined),
        deleteSession: async () => true,
        deleteSessions: async () => true,
        findSessionsByShop: async () => [offline],
      },
    });
    const { admin } = await app.unauthenticated.admin(SHOP);
    graphql = admin.graphql as unknown as AdminGraphql;
  });
  afterAll(() => setAbstractFetchFunc(globalThis.fetch));
  beforeEach(() => {
    responses = [];
    fetches = 0;
  });

  it("the library throws GraphqlQueryError on THROTTLED and does not retry by itself", async () => {
    responses = [() => throttled(cost(752, 252, 100))];
    const error = await graphql(DOC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    expect((error as GraphqlQueryError).body?.extensions).toEqual({ cost: cost(752, 252, 100) });
    expect(fetches).toBe(1);
  });

  it("the library throws HttpInternalError on 503 and does not retry by itself", async () => {
    responses = [() => new Response("", { status: 503, statusText: "Service Unavailable" })];
    const error = await graphql(DOC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpInternalError);
    expect((error as HttpInternalError).response.code).toBe(503);
    expect(fetches).toBe(1);
  });

  it("adminRequest: THROTTLED, then 503, then data", async () => {
    const time = fakeTime();
    responses = [() => throttled(cost(752, 252, 100)), () => new Response("", { status: 503 }), () => ok()];
    expect(await adminRequest(graphql, DOC, undefined, { shop: SHOP, ...time })).toEqual(DATA);
    expect(fetches).toBe(3);
    expect(time.sleeps).toEqual([5000, 2000]);
  });

  it("adminRequest: a GraphQL error → kind graphql", async () => {
    responses = [() => json({ errors: [{ message: "Field 'idd' doesn't exist on type 'Shop'" }] })];
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, ...fakeTime() }));
    expect(error.kind).toBe("graphql");
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): Field 'idd' doesn't exist on type 'Shop'`);
    expect(error.cause).toBeInstanceOf(GraphqlQueryError);
    expect(fetches).toBe(1);
  });

  it("adminRequest: a 200 without data → kind null_data (the library throws it as an HttpResponseError)", async () => {
    responses = [() => json({ data: null })];
    const error = await rejection(adminRequest(graphql, DOC, undefined, { shop: SHOP, ...fakeTime() }));
    expect(error.kind).toBe("null_data");
    expect(error.message).toBe(`Admin API KantaShopFacts (${SHOP}): the response has no data`);
    expect(error.cause).toBeInstanceOf(HttpResponseError);
    expect(fetches).toBe(1);
  });
});

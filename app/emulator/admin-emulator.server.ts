// A local emulator of Shopify's Admin GraphQL API for tests and the local demo. Every request is
// parsed and validated against Shopify's real Admin schema (the introspection JSON for the app's
// API version), so a document Shopify would reject is rejected here, with Shopify's error shape.
// Valid documents are executed by graphql-js against the state in an EmulatorStore (SQLite),
// charged to a per-shop leaky bucket with Shopify's documented cost rules, and answered with
// `extensions.cost` like Shopify.
//
// Order of checks for a request: access token (fetch only) → body → syntax → operation name →
// request log → injected fault → validation → variables → single-query cost limit → bucket →
// execution → refund of (requested − actual) cost.
//
// Network faults: a "network" fault stops the request at the fault check (nothing executes); a
// "lostResponse" fault lets it run to the end and drops the answer. handle() reports either in
// EmulatorResponse.dropped; fetch() rejects as Node's fetch does when the connection is reset.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  buildClientSchema,
  execute,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { createFieldResolver, createResolvers, type ExecContext, type SearchExtension } from "./resolvers.server";
import { coerceVariables, shopifyExecutionError, shopifyParseError, shopifyValidationErrors, type ShopifyGraphqlError } from "./shopify-errors";
import { normalizeShopDomain, type EmulatorStore } from "./store.server";
import type { EmulatorFault, UserErrorInput } from "./types";

export const DEFAULT_BUCKET = { maximumAvailable: 2000, restoreRate: 100 } as const;
/** Shopify refuses any single query whose requested cost exceeds 1000, whatever the plan. */
export const SHOPIFY_MAX_QUERY_COST = 1000;
export const RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";
const ADMIN_API_VERSION = "2026-07";

export interface AdminEmulatorOptions {
  /** Path of Shopify's Admin introspection JSON ({ data: { __schema } }), e.g. ensureAdminSchema(). */
  schemaPath: string;
  store: EmulatorStore;
  /** Leaky bucket per shop (default: Shopify's standard plan, 2000 points, 100 points/s). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Epoch ms; drives the bucket and every timestamp the emulator writes (default Date.now). */
  clock?: () => number;
  /** Single-query cost limit (default 1000, as Shopify). Infinity disables it. */
  maxQueryCost?: number;
  /** API version the schema is for; reported in X-Shopify-API-Version (default 2026-07). */
  apiVersion?: string;
  /** App id for the app-reserved metafield namespace ("app--<id>", used for "$app" and omitted namespaces). */
  appId?: string;
}

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /**
   * Set when an injected fault cut the connection: "network" before the request reached
   * Shopify (status 0, no body, nothing executed), "lostResponse" after it was executed (status
   * and body are the answer the client never received). fetch() rejects for either.
   */
  dropped?: "network" | "lostResponse";
}

/** What Node's fetch (undici) throws when the server resets the connection. */
export function connectionResetError(): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

// -------------------------------------------------------------------------------------------
// Schema (built once per file and process: the JSON is 11 MB)
// -------------------------------------------------------------------------------------------

const schemas = new Map<string, GraphQLSchema>();

function scalarCheck(schema: GraphQLSchema, name: string, accept: (value: unknown) => boolean, what: string): void {
  const scalar = schema.getType(name);
  if (!(scalar instanceof GraphQLScalarType)) return;
  const check = (value: unknown) => {
    if (!accept(value)) throw new GraphQLError(`${name} cannot represent ${what}: ${JSON.stringify(value)}`);
    return value;
  };
  scalar.parseValue = check;
  scalar.parseLiteral = (node) => {
    if (node.kind === Kind.STRING) return check(node.value);
    if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return check(Number(node.value));
    throw new GraphQLError(`${name} cannot represent a non-scalar value`);
  };
}

/**
 * Loads and caches the schema. Shopify's custom scalars come out of introspection as
 * pass-through scalars; the ones with a checkable format get Shopify's input rules, so a bad
 * DateTime or Decimal is an invalid variable here as it is there.
 */
export function loadAdminSchema(schemaPath: string): GraphQLSchema {
  const file = path.resolve(schemaPath);
  const cached = schemas.get(file);
  if (cached) return cached;
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = (json.data ?? json) as IntrospectionQuery;
  // Shopify's schema is valid; skipping the check saves a second on every new process.
  const schema = buildClientSchema(introspection, { assumeValid: true });
  const isText = (v: unknown): v is string => typeof v === "string";
  scalarCheck(schema, "DateTime", (v) => isText(v) && /^\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(Date.parse(v)), "an invalid date-time");
  scalarCheck(schema, "Date", (v) => isText(v) && /^\d{4}-\d{2}-\d{2}$/.test(v) && Number.isFinite(Date.parse(v)), "an invalid date");
  scalarCheck(schema, "Decimal", (v) => (isText(v) && /^-?\d+(\.\d+)?$/.test(v.trim())) || (typeof v === "number" && Number.isFinite(v)), "a non-decimal value");
  scalarCheck(schema, "UnsignedInt64", (v) => (isText(v) && /^\d+$/.test(v)) || (typeof v === "number" && Number.isInteger(v) && v >= 0), "a non-unsigned-integer value");
  scalarCheck(schema, "URL", (v) => {
    if (!isText(v)) return false;
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  }, "an invalid URL");
  schemas.set(file, schema);
  return schema;
}

// -------------------------------------------------------------------------------------------
// Requests
// -------------------------------------------------------------------------------------------

interface PreparedDocument {
  document: DocumentNode | null;
  errors: ShopifyGraphqlError[] | null;
  operations: OperationDefinitionNode[];
  fragments: Record<string, FragmentDefinitionNode>;
}

const ADMIN_HOST = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/i;
const ADMIN_GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;
const MISSING_QUERY = { errors: { query: "Required parameter missing or invalid" } };
const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export class AdminEmulator {
  readonly schema: GraphQLSchema;
  readonly store: EmulatorStore;
  private readonly bucketConfig: { maximumAvailable: number; restoreRate: number };
  private readonly fixedBucket: boolean;
  private readonly clock: () => number;
  private readonly maxQueryCost: number;
  private readonly apiVersion: string;
  private readonly appNamespace: string;
  private readonly fieldResolver: ReturnType<typeof createFieldResolver>;
  private readonly prepared = new Map<string, PreparedDocument>();

  constructor(options: AdminEmulatorOptions) {
    this.schema = loadAdminSchema(options.schemaPath);
    this.store = options.store;
    this.bucketConfig = { ...(options.bucket ?? DEFAULT_BUCKET) };
    this.fixedBucket = options.bucket !== undefined;
    this.clock = options.clock ?? Date.now;
    this.maxQueryCost = options.maxQueryCost ?? SHOPIFY_MAX_QUERY_COST;
    this.apiVersion = options.apiVersion ?? ADMIN_API_VERSION;
    this.appNamespace = `app--${options.appId ?? "7000001"}`;
    const queryRoot = this.schema.getQueryType()!.name;
    const mutationRoot = this.schema.getMutationType()!.name;
    this.fieldResolver = createFieldResolver(createResolvers(queryRoot, mutationRoot), queryRoot, mutationRoot);
  }

  /**
   * Answers `POST https://{shop}.myshopify.com/admin/api/{version}/graphql.json` like Shopify
   * (401 without X-Shopify-Access-Token). Throws for any other URL: callers route those elsewhere.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const host = ADMIN_HOST.exec(url.hostname);
    const version = ADMIN_GRAPHQL_PATH.exec(url.pathname);
    if (url.protocol !== "https:" || !host || !version) {
      throw new Error(`AdminEmulator.fetch only answers Admin GraphQL requests, not ${request.method} ${request.url}`);
    }
    const domain = normalizeShopDomain(url.hostname);
    const token = request.headers.get("x-shopify-access-token");
    const required = this.store.accessToken(domain);
    let answer: EmulatorResponse;
    if (!token || (required !== null && token !== required)) {
      answer = this.response(401, INVALID_TOKEN);
    } else if (request.method !== "POST") {
      answer = this.response(405, { errors: "Method Not Allowed" });
    } else {
      const text = await request.text();
      const contentType = request.headers.get("content-type") ?? "";
      answer = await this.handle(domain, contentType.includes("application/graphql") ? { query: text } : text);
    }
    if (answer.dropped) throw connectionResetError();
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };

  /**
   * Handles one GraphQL request for a shop (no HTTP, no token check). A connection cut by an
   * injected network fault is reported in `dropped`, not thrown.
   */
  async handle(shop: string, body: string | GraphqlRequestBody): Promise<EmulatorResponse> {
    const taken: { fault: EmulatorFault | null } = { fault: null };
    const answer = await this.answer(shop, body, taken);
    return taken.fault?.kind === "lostResponse" ? { ...answer, dropped: "lostResponse" } : answer;
  }

  /** The answer to one request; records in `taken` the fault it consumed, if any. */
  private async answer(shop: string, body: string | GraphqlRequestBody, taken: { fault: EmulatorFault | null }): Promise<EmulatorResponse> {
    const domain = normalizeShopDomain(shop);
    const now = this.clock();
    const shopRecord = this.store.shop(domain);
    if (!shopRecord) return this.response(404, { errors: "Not Found" });

    let request: GraphqlRequestBody;
    try {
      request = typeof body === "string" ? (JSON.parse(body) as GraphqlRequestBody) : body;
    } catch {
      return this.response(400, MISSING_QUERY);
    }
    if (!request || typeof request !== "object" || typeof request.query !== "string" || !request.query.trim()) {
      return this.response(400, MISSING_QUERY);
    }
    let variables: Record<string, unknown> = {};
    if (typeof request.variables === "string" && request.variables.trim()) {
      try {
        variables = JSON.parse(request.variables) as Record<string, unknown>;
      } catch {
        return this.response(400, MISSING_QUERY);
      }
    } else if (request.variables && typeof request.variables === "object") {
      variables = request.variables as Record<string, unknown>;
    }
    const requestedName = typeof request.operationName === "string" && request.operationName ? request.operationName : null;

    const prepared = this.prepare(request.query);
    let operation: OperationDefinitionNode | null = null;
    let operationError: string | null = null;
    if (prepared.document) {
      if (requestedName) {
        operation = prepared.operations.find((o) => o.name?.value === requestedName) ?? null;
        if (!operation) operationError = `No operation named "${requestedName}"`;
      } else if (prepared.operations.length === 1) {
        operation = prepared.operations[0]!;
      } else if (prepared.operations.length > 1) {
        operationError = "An operation name is required";
      }
    }
    const operationName = operation?.name?.value ?? requestedName;
    this.store.logRequest(domain, operationName, now);

    const fault = this.store.takeFault(domain, operationName);
    taken.fault = fault;
    if (fault?.kind === "network") return { status: 0, headers: {}, body: null, dropped: "network" };
    if (fault?.kind === "http500") {
      const requestId = randomUUID();
      return this.response(500, {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      });
    }
    const requested = (): number | null =>
      operation && !prepared.errors ? requestedQueryCost(this.schema, operation, prepared.fragments, variables) : null;
    if (fault?.kind === "throttled") return this.throttled(domain, requested(), now);

    if (prepared.errors) return this.response(200, { errors: prepared.errors });
    if (operationError || !operation) return this.response(200, { errors: [{ message: operationError ?? "No operation given" }] });

    let userErrorsFault: UserErrorInput[] | null = null;
    if (fault?.kind === "userErrors") {
      if (operation.operation !== "mutation") {
        return this.response(200, { errors: [{ message: `Kanta emulator: a userErrors fault was injected for ${operationName}, which is not a mutation` }] });
      }
      userErrorsFault = fault.userErrors;
    }

    const coerced = coerceVariables(this.schema, operation, variables);
    if ("errors" in coerced) return this.response(200, { errors: coerced.errors });

    const cost = requested()!;
    if (cost > this.maxQueryCost) {
      return this.response(200, {
        errors: [
          {
            message:
              `Query cost is ${cost}, which exceeds the single query max cost limit (${this.maxQueryCost}).\n\n` +
              "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
              "cost of a query is calculated.\n\n" +
              "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
              "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
            extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: this.maxQueryCost, documentation: RATE_LIMITS_DOCUMENTATION },
          },
        ],
      });
    }
    if (!this.charge(domain, cost, now)) return this.throttled(domain, cost, now);

    const search: SearchExtension[] = [];
    const context: ExecContext = {
      store: this.store,
      domain,
      shop: shopRecord,
      nowMs: now,
      appNamespace: this.appNamespace,
      search,
      userErrorsFault,
    };
    const result = await execute({
      schema: this.schema,
      document: prepared.document!,
      operationName: operation.name?.value,
      variableValues: variables,
      contextValue: context,
      fieldResolver: this.fieldResolver,
    });
    const actual = actualQueryCost(this.schema, operation, prepared.fragments, coerced.values, result.data);
    const throttleStatus = this.refund(domain, Math.max(0, cost - actual), now);
    const out: Record<string, unknown> = {};
    if (result.errors?.length) out.errors = result.errors.map(shopifyExecutionError);
    out.data = result.data ?? null;
    out.extensions = {
      cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus } satisfies QueryCost,
      ...(search.length ? { search } : {}),
    };
    return this.response(200, out);
  }

  /** The shop's bucket now (full before its first request). */
  throttleStatus(shop: string): ThrottleStatus {
    const domain = normalizeShopDomain(shop);
    return this.status(domain, this.level(domain, this.store.bucket(domain), this.clock()));
  }

  // -------------------------------------------------------------------------------------------

  private prepare(query: string): PreparedDocument {
    const cached = this.prepared.get(query);
    if (cached) return cached;
    let prepared: PreparedDocument;
    try {
      const document = parse(query);
      const errors = validate(this.schema, document);
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      prepared = { document, errors: errors.length ? shopifyValidationErrors(this.schema, document, errors) : null, operations, fragments };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      prepared = { document: null, errors: [shopifyParseError(error)], operations: [], fragments: {} };
    }
    // Apps send a handful of fixed documents; the cap only guards against generated ones.
    if (this.prepared.size >= 500) this.prepared.clear();
    this.prepared.set(query, prepared);
    return prepared;
  }

  /**
   * The shop's bucket: Shopify sizes it by plan (Standard 2,000 points restoring 100/s, Advanced
   * 4,000 at 200/s, Plus 20,000 at 1,000/s) unless the emulator was built with a fixed one.
   */
  private bucketFor(domain: string): { maximumAvailable: number; restoreRate: number } {
    if (this.fixedBucket) return this.bucketConfig;
    const shop = this.store.shop(domain);
    if (shop?.plan.shopifyPlus) return { maximumAvailable: 20_000, restoreRate: 1_000 };
    if (shop?.plan.publicDisplayName === "Advanced") return { maximumAvailable: 4_000, restoreRate: 200 };
    return this.bucketConfig;
  }

  private level(domain: string, bucket: { available: number; updatedMs: number } | null, now: number): number {
    const { maximumAvailable, restoreRate } = this.bucketFor(domain);
    if (!bucket) return maximumAvailable;
    const elapsed = Math.max(0, now - bucket.updatedMs) / 1000;
    return Math.min(maximumAvailable, bucket.available + elapsed * restoreRate);
  }

  private status(domain: string, available: number): ThrottleStatus {
    const config = this.bucketFor(domain);
    return {
      maximumAvailable: config.maximumAvailable,
      currentlyAvailable: Math.floor(available),
      restoreRate: config.restoreRate,
    };
  }

  /** Takes `cost` from the bucket if it holds that much (the bucket is shared through the store). */
  private charge(domain: string, cost: number, now: number): boolean {
    return this.store.transaction(() => {
      const available = this.level(domain, this.store.bucket(domain), now);
      if (cost > available) return false;
      this.store.setBucket(domain, available - cost, now);
      return true;
    });
  }

  private refund(domain: string, amount: number, now: number): ThrottleStatus {
    return this.store.transaction(() => {
      const available = Math.min(this.bucketFor(domain).maximumAvailable, this.level(domain, this.store.bucket(domain), now) + amount);
      this.store.setBucket(domain, available, now);
      return this.status(domain, available);
    });
  }

  private throttled(domain: string, requested: number | null, now: number): EmulatorResponse {
    const throttleStatus = this.status(domain, this.level(domain, this.store.bucket(domain), now));
    return this.response(200, {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCUMENTATION } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus } satisfies QueryCost },
    });
  }

  private response(status: number, body: unknown): EmulatorResponse {
    return {
      status,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-request-id": randomUUID(),
        "x-shopify-api-version": this.apiVersion,
      },
      body,
    };
  }
}

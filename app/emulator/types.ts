// Shapes of the Admin API objects the emulator serves, exactly as Shopify's GraphQL Admin API
// (2026-07) returns them: ids are GIDs, timestamps are UTC ISO-8601 ("2026-01-20T16:00:00Z"),
// money is a MoneyBag in shop and presentment currency, connections are `{ nodes: [...] }`.
//
// An order holds exactly the fields KantaOrdersPage selects (plus refundShippingLines, where
// Shopify reports refunded shipping), so what the emulator stores is what the app reads.

/** MoneyV2. `amount` is a Decimal as Shopify serialises it ("12.5", "10.0", "2500.0"). */
export type EmulatedMoney = { amount: string; currencyCode: string };

/** MoneyBag: both amounts are non-null in the schema. */
export type EmulatedMoneyBag = { shopMoney: EmulatedMoney; presentmentMoney: EmulatedMoney };

export type EmulatedConnection<T> = { nodes: T[] };

export type OrderDisplayFinancialStatus =
  | "AUTHORIZED"
  | "EXPIRED"
  | "PAID"
  | "PARTIALLY_PAID"
  | "PARTIALLY_REFUNDED"
  | "PENDING"
  | "REFUNDED"
  | "VOIDED";

export interface EmulatedLineItem {
  id: string;
  title: string;
  quantity: number;
  currentQuantity: number;
  isGiftCard: boolean;
  /** The line's product; absent or null for a custom line (served as null). */
  product?: { id: string } | null;
  originalUnitPriceSet: EmulatedMoneyBag;
  discountAllocations: { allocatedAmountSet: EmulatedMoneyBag }[];
  taxLines: { priceSet: EmulatedMoneyBag; title: string; rate: number | null }[];
}

export interface EmulatedRefundLineItem {
  quantity: number;
  lineItem: { id: string };
  subtotalSet: EmulatedMoneyBag;
  totalTaxSet: EmulatedMoneyBag;
}

export interface EmulatedOrderTransaction {
  kind: "AUTHORIZATION" | "CAPTURE" | "CHANGE" | "EMV_AUTHORIZATION" | "REFUND" | "SALE" | "SUGGESTED_REFUND" | "VOID";
  status: "AWAITING_RESPONSE" | "ERROR" | "FAILURE" | "PENDING" | "SUCCESS" | "UNKNOWN";
  amountSet: EmulatedMoneyBag;
}

export interface EmulatedOrderAdjustment {
  reason:
    | "CUSTOMER"
    | "DAMAGE"
    | "FULL_RETURN_BALANCING_ADJUSTMENT"
    | "PENDING_REFUND_DISCREPANCY"
    | "REFUND_DISCREPANCY"
    | "RESTOCK"
    | null;
  amountSet: EmulatedMoneyBag;
}

/** Refunded shipping. GraphQL has no "shipping_refund" order adjustment: it is reported here. */
export interface EmulatedRefundShippingLine {
  subtotalAmountSet: EmulatedMoneyBag;
  taxAmountSet: EmulatedMoneyBag;
}

export interface EmulatedRefund {
  id: string;
  createdAt: string | null;
  refundLineItems: EmulatedConnection<EmulatedRefundLineItem>;
  transactions: EmulatedConnection<EmulatedOrderTransaction>;
  orderAdjustments: EmulatedConnection<EmulatedOrderAdjustment>;
  refundShippingLines?: EmulatedConnection<EmulatedRefundShippingLine>;
}

/** An order as KantaOrdersPage reads it. */
export interface EmulatedOrder {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  test: boolean;
  sourceName: string | null;
  taxesIncluded: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  displayFinancialStatus: OrderDisplayFinancialStatus | null;
  discountCodes: string[];
  /** Snapshot; when the customer exists in the emulator, its current record is served instead. */
  customer: { id: string; email: string | null } | null;
  totalPriceSet: EmulatedMoneyBag;
  lineItems: EmulatedConnection<EmulatedLineItem>;
  refunds: EmulatedRefund[];
}

export type CustomerEmailMarketingState = "INVALID" | "NOT_SUBSCRIBED" | "PENDING" | "REDACTED" | "SUBSCRIBED" | "UNSUBSCRIBED";
export type CustomerMarketingOptInLevel = "CONFIRMED_OPT_IN" | "SINGLE_OPT_IN" | "UNKNOWN";

export interface EmulatedEmailMarketingConsent {
  marketingState: CustomerEmailMarketingState;
  marketingOptInLevel: CustomerMarketingOptInLevel | null;
  consentUpdatedAt: string | null;
}

/** A customer as KantaCustomersPage reads it, plus the fields the emulator filters or mutates on. */
export interface EmulatedCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  locale: string;
  tags: string[];
  phone: string | null;
  note: string | null;
  state: "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";
  verifiedEmail: boolean;
  createdAt: string;
  updatedAt: string;
  /** null when the customer has no email address (as Shopify returns it). */
  emailMarketingConsent: EmulatedEmailMarketingConsent | null;
}

/** What the tests give to describe a shop (KantaShopFacts). */
export interface EmulatedShopInput {
  /** The myshopify domain, e.g. "kanta-demo.myshopify.com". */
  domain: string;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  contactEmail: string;
  /** ShopPlan.publicDisplayName, e.g. "Basic", "Shopify Plus", "Development". */
  planName: string;
  primaryDomainHost: string;
  /** Numeric id or GID; derived from the domain when omitted. */
  id?: string;
  partnerDevelopment?: boolean;
  shopifyPlus?: boolean;
  /** When set, requests must carry exactly this X-Shopify-Access-Token (else 401). */
  accessToken?: string;
  /** Shop.billingAddress; a Helsinki street address when omitted, none at all (every line null) when null. */
  billingAddress?: EmulatedShopAddressInput | null;
}

export interface EmulatedShopAddressInput {
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  country?: string | null;
  countryCodeV2?: string | null;
}

/** Shop.billingAddress as served (ShopAddress.formatted is computed from these). */
export interface EmulatedShopAddress extends Required<EmulatedShopAddressInput> {
  id: string;
}

/** The Shop object as served. */
export interface EmulatedShop {
  id: string;
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  contactEmail: string;
  email: string;
  plan: { publicDisplayName: string; displayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
  primaryDomain: { id: string; host: string; url: string; sslEnabled: boolean };
  /** Absent on shops stored before it existed (served as the default address then). */
  billingAddress?: EmulatedShopAddress;
}

export interface UserErrorInput {
  field?: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
}

/** A fault the next matching request(s) get instead of a normal answer. */
export type EmulatorFault =
  | { kind: "throttled"; times: number }
  | { kind: "http500"; times: number }
  /** Mutations only: the payload comes back with these userErrors and nothing else. */
  | { kind: "userErrors"; times: number; userErrors: UserErrorInput[] }
  /** The connection fails before the request reaches Shopify: nothing is executed, fetch rejects. */
  | { kind: "network"; times: number }
  /** The request is executed (a mutation takes effect), then the connection drops: fetch rejects. */
  | { kind: "lostResponse"; times: number };

/** What the tests give to describe a product variant (seeded with EmulatorStore.upsertVariants). */
export interface EmulatedProductVariantInput {
  /** gid://shopify/ProductVariant/… */
  id: string;
  productTitle: string;
  /** The variant's own title, e.g. "Large" or "Default Title". */
  title: string;
  /** Decimal in the shop's currency, e.g. "12" or "12.00" (served as "12.00"). */
  price: string;
  /** gid://shopify/Product/…; when given, `product { id title }` is served and productsToAdd accepts it. */
  productId?: string;
  sku?: string | null;
}

/** The ProductVariant object as served. `product` is absent when the seed gave no productId. */
export interface EmulatedProductVariant {
  id: string;
  legacyResourceId: string;
  title: string;
  /** "<product title> - <variant title>", as Shopify builds it. */
  displayName: string;
  /** Money scalar: at least two decimals ("12.00"). */
  price: string;
  sku: string | null;
  product?: { id: string; title: string };
}

/** What the tests give to describe a collection (seeded with EmulatorStore.upsertCollections). */
export interface EmulatedCollectionInput {
  /** gid://shopify/Collection/… */
  id: string;
  title: string;
  /** Derived from the title when omitted, as Shopify does ("Summer Sale" → "summer-sale"). */
  handle?: string;
}

/** The Collection object as served. */
export interface EmulatedCollection {
  id: string;
  legacyResourceId: string;
  title: string;
  handle: string;
}

/** What the tests give to describe a product (seeded with EmulatorStore.upsertProducts). */
export interface EmulatedProductInput {
  /** gid://shopify/Product/… */
  id: string;
  title: string;
  /** Product tags, as the merchant typed them (searched case-insensitively, as Shopify does). */
  tags?: string[];
  /** gid://shopify/Collection/… the product belongs to (replaces its memberships). */
  collections?: string[];
  /** Derived from the title when omitted. */
  handle?: string;
}

/** The Product object as served for a seeded product. */
export interface EmulatedProduct {
  id: string;
  legacyResourceId: string;
  title: string;
  handle: string;
  tags: string[];
}

export interface StoredMetafield {
  id: string;
  ownerId: string;
  ownerType: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMetafieldDefinition {
  id: string;
  namespace: string;
  key: string;
  ownerType: string;
  type: string;
  name: string;
  description: string | null;
  /** The MetafieldDefinitionInput as received (after variable coercion). */
  input: Record<string, unknown>;
  createdAt: string;
}

export interface StoredDiscountCode {
  /** gid://shopify/DiscountCodeNode/… */
  id: string;
  kind: "basic" | "freeShipping";
  code: string;
  title: string;
  /** The DiscountCodeBasicInput / DiscountCodeFreeShippingInput as received. */
  input: Record<string, unknown>;
  createdAt: string;
}

export interface StoredConsentUpdate {
  customerId: string;
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
  /** The CustomerEmailMarketingConsentUpdateInput as received. */
  input: Record<string, unknown>;
  at: string;
}

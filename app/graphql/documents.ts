// Every Admin GraphQL document Kanta sends, each named `Kanta…`. The test suite validates them
// against Shopify's Admin schema for the app's API version; graphql-codegen types them.

export const KantaShopFacts = /* GraphQL */ `#graphql
  query KantaShopFacts {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      contactEmail
      plan {
        publicDisplayName
        partnerDevelopment
        shopifyPlus
      }
      primaryDomain {
        host
        url
      }
      billingAddress {
        formatted(withCompany: false)
      }
    }
  }
`;

export const KantaMetafieldDefinitionCreate = /* GraphQL */ `#graphql
  mutation KantaMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
        namespace
        key
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const KantaMetafieldsSet = /* GraphQL */ `#graphql
  mutation KantaMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
        ownerType
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;


/**
 * Orders page for the history import and reconciliation (query e.g. "updated_at:>='…'"). Shopify
 * refuses any query whose requested cost exceeds 1,000 points, so a page carries the first 10
 * lines and only the ids of refunds; an order with more lines or with refunds is completed with
 * KantaOrderDetail. A line's product id (null for custom lines) decides whether it is excluded
 * from earning.
 */
export const KantaOrdersPage = /* GraphQL */ `#graphql
  query KantaOrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        createdAt
        updatedAt
        processedAt
        cancelledAt
        test
        sourceName
        taxesIncluded
        currencyCode
        presentmentCurrencyCode
        displayFinancialStatus
        discountCodes
        customer {
          id
          email
        }
        totalPriceSet {
          shopMoney { amount currencyCode }
          presentmentMoney { amount currencyCode }
        }
        lineItems(first: 10) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            title
            quantity
            currentQuantity
            isGiftCard
            product {
              id
            }
            originalUnitPriceSet {
              shopMoney { amount currencyCode }
            }
            discountAllocations {
              allocatedAmountSet {
                shopMoney { amount currencyCode }
              }
            }
            taxLines {
              priceSet {
                shopMoney { amount currencyCode }
              }
            }
          }
        }
        refunds(first: 5) {
          id
        }
      }
    }
  }
`;

/** One order's remaining line items (from $linesAfter) and its refunds in full. */
export const KantaOrderDetail = /* GraphQL */ `#graphql
  query KantaOrderDetail($id: ID!, $linesAfter: String) {
    order(id: $id) {
      id
      lineItems(first: 25, after: $linesAfter) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          quantity
          currentQuantity
          isGiftCard
          product {
            id
          }
          originalUnitPriceSet {
            shopMoney { amount currencyCode }
          }
          discountAllocations {
            allocatedAmountSet {
              shopMoney { amount currencyCode }
            }
          }
          taxLines {
            priceSet {
              shopMoney { amount currencyCode }
            }
          }
        }
      }
      refunds(first: 5) {
        id
        createdAt
        refundLineItems(first: 10) {
          nodes {
            quantity
            lineItem { id }
            subtotalSet { shopMoney { amount currencyCode } }
            totalTaxSet { shopMoney { amount currencyCode } }
          }
        }
        transactions(first: 3) {
          nodes {
            kind
            status
            amountSet {
              shopMoney { amount currencyCode }
              presentmentMoney { amount currencyCode }
            }
          }
        }
        refundShippingLines(first: 2) {
          nodes {
            subtotalAmountSet {
              shopMoney { amount currencyCode }
              presentmentMoney { amount currencyCode }
            }
          }
        }
      }
    }
  }
`;

export const KantaCustomersPage = /* GraphQL */ `#graphql
  query KantaCustomersPage($first: Int!, $after: String, $query: String) {
    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        email
        firstName
        lastName
        locale
        tags
        updatedAt
        emailMarketingConsent {
          marketingState
        }
      }
    }
  }
`;

/**
 * A reward code: amount or percentage off the order, a collection or one variant. The selection
 * is kept small: Kanta needs the node id and the confirmed code.
 */
export const KantaDiscountCodeBasicCreate = /* GraphQL */ `#graphql
  mutation KantaDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            endsAt
            codes(first: 1) {
              nodes {
                code
              }
            }
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const KantaDiscountCodeFreeShippingCreate = /* GraphQL */ `#graphql
  mutation KantaDiscountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeFreeShipping {
            endsAt
            codes(first: 1) {
              nodes {
                code
              }
            }
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Whether a code exists: settles a redemption whose create call got no answer. */
export const KantaDiscountCodeByCode = /* GraphQL */ `#graphql
  query KantaDiscountCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;

/** The variant a free-product reward gives (checked, and its price read, when the merchant saves it). */
export const KantaProductVariant = /* GraphQL */ `#graphql
  query KantaProductVariant($id: ID!) {
    productVariant(id: $id) {
      id
      displayName
      price
    }
  }
`;

/** A collection a percentage reward is limited to (checked when the merchant saves it). */
export const KantaCollection = /* GraphQL */ `#graphql
  query KantaCollection($id: ID!) {
    collection(id: $id) {
      id
      title
    }
  }
`;

/**
 * Products carrying a tag the merchant excluded from earning ($query: "tag:'…'"), 250 ids a page
 * (252 points).
 */
export const KantaProductsByTag = /* GraphQL */ `#graphql
  query KantaProductsByTag($query: String!, $after: String) {
    products(first: 250, after: $after, query: $query) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** Products of a collection the merchant excluded from earning, 250 ids a page (253 points). */
export const KantaCollectionProducts = /* GraphQL */ `#graphql
  query KantaCollectionProducts($id: ID!, $after: String) {
    collection(id: $id) {
      id
      products(first: 250, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/** The live theme's settings_data.json: which app embeds are switched on (needs read_themes). */
export const KantaMainThemeSettings = /* GraphQL */ `#graphql
  query KantaMainThemeSettings {
    themes(first: 1, roles: [MAIN]) {
      nodes {
        id
        name
        files(filenames: ["config/settings_data.json"], first: 1) {
          nodes {
            filename
            body {
              ... on OnlineStoreThemeFileBodyText {
                content
              }
            }
          }
        }
      }
    }
  }
`;

/** Writes an unsubscribe back to Shopify's email marketing consent. */
export const KantaCustomerEmailMarketingConsentUpdate = /* GraphQL */ `#graphql
  mutation KantaCustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

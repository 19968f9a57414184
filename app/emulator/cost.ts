// Query cost as Shopify documents it for the Admin API (shopify.dev, "GraphQL Admin API rate
// limits"): scalars and enums cost 0, objects 1, a connection 2 plus `first` (or `last`) times the
// cost of one node, every mutation 10. The requested cost is computed from the document before
// execution (page sizes taken at face value); the actual cost from the data returned (real
// page lengths, null objects free). Shopify refunds the difference to the bucket afterwards.
//
// Where Shopify does not document the rule, the emulator chooses:
// - A plain list of objects with a `first` argument (e.g. Order.refunds(first: 50)) costs
//   first × item; without one it costs one item. Shopify's static cost for such lists is not
//   published.
// - For abstract types the cost is the fields common to all types plus the most expensive
//   inline fragment (Shopify: "maximum of possible selections").
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;

type Fragments = Record<string, FragmentDefinitionNode>;
type Json = unknown;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown>;
}

function argumentInt(field: FieldNode, name: string, variables: Record<string, unknown>): number | null {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === "number" ? v : null;
  }
  return null;
}

function pageSize(field: FieldNode, variables: Record<string, unknown>): number | null {
  return argumentInt(field, "first", variables) ?? argumentInt(field, "last", variables);
}

export function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && ("nodes" in type.getFields() || "edges" in type.getFields());
}

/** What cost (and the resolver) need to know about a field's return type; computed once per type. */
export interface TypeShape {
  named: GraphQLNamedType;
  leaf: boolean;
  connection: boolean;
  list: boolean;
}

const shapes = new WeakMap<GraphQLOutputType, TypeShape>();

export function typeShape(type: GraphQLOutputType): TypeShape {
  let shape = shapes.get(type);
  if (!shape) {
    const named = getNamedType(type);
    shape = { named, leaf: isLeafType(named), connection: isConnectionType(named), list: isListType(getNullableType(type)) };
    shapes.set(type, shape);
  }
  return shape;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * Cost of a selection set on `parent`. With `data` undefined it is the requested (static)
 * cost; otherwise the actual cost of `data`, the object those selections produced.
 */
function selectionSetCost(ctx: CostContext, set: SelectionSetNode, parent: GraphQLCompositeType, data: Json, actual: boolean): number {
  let common = 0;
  const fragmentCosts: number[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      common += fieldCost(ctx, sel, parent, data, actual);
    } else {
      const node = sel.kind === Kind.INLINE_FRAGMENT ? sel : ctx.fragments[sel.name.value];
      if (!node) continue;
      const condition = node.typeCondition ? (ctx.schema.getType(node.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
      if (!condition) continue;
      fragmentCosts.push(selectionSetCost(ctx, node.selectionSet, condition, data, actual));
    }
  }
  // On an abstract type only one fragment's type can match: take the most expensive. On a
  // concrete type every fragment applies to the same object. In actual mode, fields of
  // fragments that did not match are absent from `data` and cost nothing, so summing is right.
  if (isAbstractType(parent) && !actual) return common + Math.max(0, ...fragmentCosts);
  return common + fragmentCosts.reduce((a, b) => a + b, 0);
}

function fieldCost(ctx: CostContext, field: FieldNode, parent: GraphQLCompositeType, data: Json, actual: boolean): number {
  const name = field.name.value;
  if (name.startsWith("__")) return 0;
  const def = fieldDef(parent, name);
  if (!def) return 0;
  const shape = typeShape(def.type);
  if (shape.leaf || !field.selectionSet) return 0;
  const composite = shape.named as GraphQLCompositeType;
  const value = actual ? (data as Record<string, Json> | null | undefined)?.[field.alias?.value ?? name] : undefined;
  if (actual && (value === null || value === undefined)) return 0;

  if (shape.connection) {
    const conn = composite as GraphQLObjectType;
    let perItem = 0;
    let total = CONNECTION_BASE_COST;
    for (const sub of field.selectionSet.selections) {
      if (sub.kind !== Kind.FIELD || (sub.name.value !== "nodes" && sub.name.value !== "edges") || !sub.selectionSet) continue;
      const itemType = getNamedType(conn.getFields()[sub.name.value]!.type) as GraphQLCompositeType;
      // nodes { … }: one object per item; edges { node { … } }: the edge is free, its node counts.
      const own = sub.name.value === "nodes" ? 1 : 0;
      if (actual) {
        const items = ((value as Record<string, Json[]>)[sub.alias?.value ?? sub.name.value] ?? []) as Json[];
        for (const item of items) total += own + selectionSetCost(ctx, sub.selectionSet, itemType, item, true);
      } else {
        perItem += own + selectionSetCost(ctx, sub.selectionSet, itemType, undefined, false);
      }
    }
    return actual ? total : total + (pageSize(field, ctx.variables) ?? 0) * perItem;
  }

  if (shape.list) {
    if (actual) {
      return (value as Json[]).reduce<number>((sum, item) => sum + (item === null ? 0 : 1 + selectionSetCost(ctx, field.selectionSet!, composite, item, true)), 0);
    }
    const n = pageSize(field, ctx.variables) ?? 1;
    return n * (1 + selectionSetCost(ctx, field.selectionSet, composite, undefined, false));
  }

  return 1 + selectionSetCost(ctx, field.selectionSet, composite, value, actual);
}

function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
  data: Json,
  actual: boolean,
): number {
  if (operation.operation === "mutation") {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const root = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!root) return 0;
  return selectionSetCost({ schema, fragments, variables }, operation.selectionSet, root, data, actual);
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  return operationCost(schema, operation, fragments, variables, undefined, false);
}

export function actualQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
  data: Json,
): number {
  if (data === null || data === undefined) return 0;
  return operationCost(schema, operation, fragments, variables, data, true);
}

// Shopify's Admin API runs on graphql-ruby. The emulator validates with graphql-js against the
// same schema, then rewrites graphql-js's errors into graphql-ruby's wording and shape, so an
// app sees what Shopify would send: `{ message, locations, path, extensions: { code, … } }` with
// path like ["query KantaShopFacts", "shop", "nam"].
//
// Exact for: undefined fields, unknown arguments, missing required arguments, selections on
// leaves / missing selections, undefined and unused variables, variable type mismatches, unknown
// types, invalid literals, missing or unknown input object fields, unused or unknown fragments,
// unknown directives, and invalid variable values. Other (rarer) rules keep graphql-js's
// message with extensions.code "validationError".
import {
  coerceInputValue,
  getNamedType,
  GraphQLError,
  isEnumType,
  isNonNullType,
  Kind,
  print,
  TypeInfo,
  typeFromAST,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** What the emulator knows about the place of a node in the document. */
interface NodeContext {
  path: string[];
  /** The closest enclosing field (for argument errors). */
  fieldName: string | null;
  fieldNode: ASTNode | null;
  /** For Argument / ObjectField nodes and values inside them: the closest one's name. */
  argumentName: string | null;
  /** "Field" when that argument belongs to a field, "InputObject" when it is an input field. */
  argumentOwnerKind: "Field" | "InputObject" | "Directive" | null;
  argumentOwnerName: string | null;
  argumentType: string | null;
  /** Name of the operation the node is in. */
  operationName: string | null;
}

function rubyPathSegment(node: ASTNode): string | null {
  switch (node.kind) {
    case Kind.OPERATION_DEFINITION:
      return `${node.operation}${node.name ? ` ${node.name.value}` : ""}`;
    case Kind.FRAGMENT_DEFINITION:
      return `fragment ${node.name.value}`;
    case Kind.FIELD:
      return node.alias?.value ?? node.name.value;
    case Kind.INLINE_FRAGMENT:
      return `...${node.typeCondition ? ` on ${node.typeCondition.name.value}` : ""}`;
    case Kind.FRAGMENT_SPREAD:
      return `... ${node.name.value}`;
    case Kind.ARGUMENT:
    case Kind.OBJECT_FIELD:
      return node.name.value;
    default:
      return null;
  }
}

/** Walks the document once and records the context of every node an error points at. */
function contextsFor(schema: GraphQLSchema, document: DocumentNode, targets: Set<ASTNode>): Map<ASTNode, NodeContext> {
  const found = new Map<ASTNode, NodeContext>();
  const typeInfo = new TypeInfo(schema);
  const stack: NodeContext[] = [];
  const top = (): NodeContext =>
    stack[stack.length - 1] ?? {
      path: [], fieldName: null, fieldNode: null, argumentName: null, argumentOwnerKind: null, argumentOwnerName: null, argumentType: null, operationName: null,
    };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        const parent = top();
        const ctx: NodeContext = { ...parent };
        const segment = rubyPathSegment(node as ASTNode);
        if (segment !== null) ctx.path = [...parent.path, segment];
        const n = node as ASTNode;
        if (n.kind === Kind.OPERATION_DEFINITION) ctx.operationName = n.name?.value ?? null;
        if (n.kind === Kind.FIELD) {
          ctx.fieldName = n.name.value;
          ctx.fieldNode = n;
          ctx.argumentName = null;
        }
        if (n.kind === Kind.DIRECTIVE) {
          ctx.argumentOwnerKind = "Directive";
          ctx.argumentOwnerName = n.name.value;
        }
        if (n.kind === Kind.ARGUMENT) {
          ctx.argumentName = n.name.value;
          ctx.argumentOwnerKind = parent.argumentOwnerKind === "Directive" ? "Directive" : "Field";
          ctx.argumentOwnerName = ctx.argumentOwnerKind === "Directive" ? parent.argumentOwnerName : parent.fieldName;
          ctx.argumentType = typeInfo.getInputType()?.toString() ?? null;
        }
        if (n.kind === Kind.OBJECT_FIELD) {
          ctx.argumentName = n.name.value;
          ctx.argumentOwnerKind = "InputObject";
          ctx.argumentOwnerName = getNamedType(typeInfo.getParentInputType())?.name ?? null;
          ctx.argumentType = typeInfo.getInputType()?.toString() ?? null;
        }
        stack.push(ctx);
        if (targets.has(n)) found.set(n, ctx);
      },
      leave() {
        stack.pop();
      },
    }),
  );
  return found;
}

function locationsOf(error: GraphQLError): { line: number; column: number }[] | undefined {
  return error.locations?.slice(0, 1).map((l) => ({ line: l.line, column: l.column }));
}

function unwrapTypeName(typeString: string): string {
  return typeString.replace(/[[\]!]/g, "");
}

/** Rewrites graphql-js validation errors into Shopify's (graphql-ruby's) errors. */
export function shopifyValidationErrors(schema: GraphQLSchema, document: DocumentNode, errors: readonly GraphQLError[]): ShopifyGraphqlError[] {
  const targets = new Set<ASTNode>();
  for (const e of errors) for (const n of e.nodes ?? []) targets.add(n);
  const contexts = contextsFor(schema, document, targets);
  const ctxOf = (e: GraphQLError): NodeContext | undefined => (e.nodes?.[0] ? contexts.get(e.nodes[0]) : undefined);

  const out: ShopifyGraphqlError[] = [];
  // graphql-ruby reports all missing arguments of one field in one error.
  const missingArgs = new Map<ASTNode, { error: ShopifyGraphqlError; names: string[] }>();

  for (const e of errors) {
    const ctx = ctxOf(e);
    const base = (message: string, extensions: Record<string, unknown>): ShopifyGraphqlError => ({
      message,
      locations: locationsOf(e),
      ...(ctx ? { path: ctx.path } : {}),
      extensions,
    });
    const msg = e.message;
    let m: RegExpExecArray | null;

    if ((m = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(msg))) {
      out.push(base(`Field '${m[1]}' doesn't exist on type '${m[2]}'`, { code: "undefinedField", typeName: m[2], fieldName: m[1] }));
    } else if ((m = /^Unknown argument "([^"]+)" on field "[^".]+\.([^"]+)"\./.exec(msg))) {
      out.push(base(`Field '${m[2]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] }));
    } else if ((m = /^Unknown argument "([^"]+)" on directive "@([^"]+)"\./.exec(msg))) {
      out.push(base(`Directive '${m[2]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[2], typeName: "Directive", argumentName: m[1] }));
    } else if ((m = /^(Field|Directive) "@?([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(msg))) {
      const node = e.nodes?.[0];
      const existing = node ? missingArgs.get(node) : undefined;
      if (existing) {
        existing.names.push(m[3]!);
        existing.error.message = `${m[1]} '${m[2]}' is missing required arguments: ${existing.names.join(", ")}`;
        existing.error.extensions!.arguments = existing.names.join(", ");
      } else {
        const error = base(`${m[1]} '${m[2]}' is missing required arguments: ${m[3]}`, {
          code: "missingRequiredArguments", className: m[1], name: m[2], arguments: m[3],
        });
        out.push(error);
        if (node) missingArgs.set(node, { error, names: [m[3]!] });
      }
    } else if ((m = /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./.exec(msg))) {
      // graphql-js points at the selection set; graphql-ruby at the field.
      const typeName = unwrapTypeName(m[2]!);
      const node = e.nodes?.[0];
      const set = node?.kind === Kind.SELECTION_SET ? node : node?.kind === Kind.FIELD ? node.selectionSet : undefined;
      const selections = (set?.selections ?? []).map((s) =>
        s.kind === Kind.INLINE_FRAGMENT ? `"... on ${s.typeCondition?.name.value ?? ""} { ... }"` : `"${s.name.value}"`,
      );
      const kind = isEnumType(schema.getType(typeName)) ? "enums" : "scalars";
      const error = base(`Selections can't be made on ${kind} (field '${m[1]}' returns ${typeName} but has selections [${selections.join(", ")}])`, {
        code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName,
      });
      const fieldLoc = ctx?.fieldNode?.loc;
      if (fieldLoc) error.locations = [{ line: fieldLoc.startToken.line, column: fieldLoc.startToken.column }];
      out.push(error);
    } else if ((m = /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./.exec(msg))) {
      const typeName = unwrapTypeName(m[2]!);
      out.push(
        base(`Field must have selections (field '${m[1]}' returns ${typeName} but has no selections. Did you mean '${m[1]} { ... }'?)`, {
          code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName,
        }),
      );
    } else if ((m = /^Variable "\$([^"]+)" is not defined(?: by operation "([^"]+)")?\./.exec(msg))) {
      out.push(base(`Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`, { code: "variableNotDefined", variableName: m[1] }));
    } else if ((m = /^Variable "\$([^"]+)" is never used(?: in operation "([^"]+)")?\./.exec(msg))) {
      out.push(base(`Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`, { code: "variableNotUsed", variableName: m[1] }));
    } else if ((m = /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\./.exec(msg))) {
      const [varType, argType] = [m[2]!, m[3]!];
      const kind =
        unwrapTypeName(varType) !== unwrapTypeName(argType)
          ? "Type mismatch"
          : (varType.match(/\[/g) ?? []).length !== (argType.match(/\[/g) ?? []).length
            ? "List dimension mismatch"
            : "Nullability mismatch";
      // graphql-js points at the variable's definition and its use; graphql-ruby at the argument.
      const use = e.nodes?.[1] ? contexts.get(e.nodes[1]) : undefined;
      const argument = use?.argumentName ?? "";
      out.push({
        message: `${kind} on variable $${m[1]} and argument ${argument} (${varType} / ${argType})`,
        locations: e.locations?.slice(1, 2).map((l) => ({ line: l.line, column: l.column })),
        ...(use ? { path: use.path } : {}),
        extensions: { code: "variableMismatch", variableName: m[1], typeName: varType, argumentName: argument, errorMessage: kind },
      });
    } else if ((m = /^Unknown type "([^"]+)"\./.exec(msg))) {
      const node = e.nodes?.[0];
      // The named type's parent decides the wording: a variable definition or a fragment condition.
      if (!isFragmentCondition(document, node)) {
        const variable = variableUsingType(document, node);
        out.push(base(`${m[1]} isn't a defined input type (on $${variable ?? ""})`, { code: "variableRequiresValidType", typeName: m[1], variableName: variable }));
      } else {
        out.push(base(`No such type ${m[1]}, so it can't be a fragment condition`, { code: "undefinedType", typeName: m[1] }));
      }
    } else if ((m = /^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"\./.exec(msg))) {
      out.push(base(`${m[2]} isn't a valid input type (on $${m[1]})`, { code: "variableRequiresValidType", typeName: m[2], variableName: m[1] }));
    } else if ((m = /^Field "([^".]+)\.([^"]+)" of required type "([^"]+)" was not provided\./.exec(msg))) {
      out.push(
        base(`Argument '${m[2]}' on InputObject '${m[1]}' is required. Expected type ${m[3]}`, {
          code: "missingRequiredInputObjectAttribute", argumentName: m[2], argumentType: m[3], inputObjectType: m[1],
        }),
      );
    } else if ((m = /^Field "([^"]+)" is not defined by type "([^"]+)"\./.exec(msg))) {
      out.push(base(`InputObject '${m[2]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[2], typeName: "InputObject", argumentName: m[1] }));
    } else if (
      /^Expected value of type "[^"]+", found /.test(msg) ||
      /^\w+ cannot represent /.test(msg) ||
      /^Value "[^"]*" does not exist in "[^"]+" enum\./.test(msg)
    ) {
      // An invalid literal (graphql-js reports scalar parse errors with the scalar's own message).
      const node = e.nodes?.[0];
      const owner = ctx?.argumentOwnerKind ?? "Field";
      const ownerName = ctx?.argumentOwnerName ?? ctx?.fieldName ?? "";
      const typeString = ctx?.argumentType ?? /^Expected value of type "([^"]+)"/.exec(msg)?.[1] ?? "";
      out.push(
        base(`Argument '${ctx?.argumentName ?? ""}' on ${owner} '${ownerName}' has an invalid value (${node ? print(node) : ""}). Expected type '${typeString}'.`, {
          code: "argumentLiteralsIncompatible", typeName: owner, argumentName: ctx?.argumentName ?? null,
        }),
      );
    } else if ((m = /^Fragment "([^"]+)" is never used\./.exec(msg))) {
      out.push(base(`Fragment ${m[1]} was defined, but not used`, { code: "useAndDefineFragment", fragmentName: m[1] }));
    } else if ((m = /^Unknown fragment "([^"]+)"\./.exec(msg))) {
      out.push(base(`Fragment ${m[1]} was used, but not defined`, { code: "useAndDefineFragment", fragmentName: m[1] }));
    } else if ((m = /^Fragment (?:"([^"]+)" )?cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"\./.exec(msg))) {
      const name = m[1] ? `${m[1]} on ${m[3]}` : `on ${m[3]}`;
      out.push(base(`Fragment ${name} can't be spread inside ${m[2]}`, { code: "cannotSpreadFragment", typeName: m[3], fragmentName: m[1] ?? "unknown", parentName: m[2] }));
    } else if ((m = /^Unknown directive "@([^"]+)"\./.exec(msg))) {
      out.push(base(`Directive @${m[1]} is not defined`, { code: "undefinedDirective", directiveName: m[1] }));
    } else if ((m = /^There can be only one operation named "([^"]+)"\./.exec(msg))) {
      out.push(base(`Operation name "${m[1]}" must be unique`, { code: "uniquelyNamedOperations", operationName: m[1] }));
    } else {
      out.push(base(msg, { code: "validationError" }));
    }
  }
  return out;
}

function isFragmentCondition(document: DocumentNode, node: ASTNode | undefined): boolean {
  if (!node) return false;
  let result = false;
  visit(document, {
    InlineFragment(n) {
      if (n.typeCondition === node) result = true;
    },
    FragmentDefinition(n) {
      if (n.typeCondition === node) result = true;
    },
  });
  return result;
}

function variableUsingType(document: DocumentNode, node: ASTNode | undefined): string | null {
  let name: string | null = null;
  visit(document, {
    VariableDefinition(def) {
      visit(def.type, {
        NamedType(t) {
          if (t === node) name = def.variable.name.value;
        },
      });
    },
  });
  return name;
}

/** A syntax error, in the shape Shopify uses (message and location, no code). */
export function shopifyParseError(error: GraphQLError): ShopifyGraphqlError {
  const loc = error.locations?.[0];
  const description = error.message.replace(/^Syntax Error: /, "");
  return {
    message: loc ? `${description} at [${loc.line}, ${loc.column}]` : description,
    ...(loc ? { locations: [{ line: loc.line, column: loc.column }] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------------------------

interface Problem {
  path: (string | number)[];
  explanation: string;
}

/** graphql-js coercion message → graphql-ruby's explanation (and extra path segment). */
function explain(schema: GraphQLSchema, error: GraphQLError, invalid: unknown): { explanation: string; extraPath?: string } {
  const msg = error.message;
  let m: RegExpExecArray | null;
  if (/^Expected non-nullable type "[^"]+" not to be null\./.test(msg)) return { explanation: "Expected value to not be null" };
  if ((m = /^Field "([^"]+)" of required type "[^"]+" was not provided\./.exec(msg))) {
    return { explanation: "Expected value to not be null", extraPath: m[1] };
  }
  if ((m = /^Field "([^"]+)" is not defined by type "([^"]+)"\./.exec(msg))) {
    return { explanation: `Field is not defined on ${m[2]}`, extraPath: m[1] };
  }
  if ((m = /^Value "?([^"]*)"? does not exist in "([^"]+)" enum\./.exec(msg))) {
    const type = schema.getType(m[2]!);
    const values = isEnumType(type) ? type.getValues().map((v) => v.name).join(", ") : "";
    return { explanation: `Expected ${JSON.stringify(invalid)} to be one of: ${values}` };
  }
  if ((m = /^Enum "([^"]+)" cannot represent non-string value/.exec(msg))) {
    const type = schema.getType(m[1]!);
    const values = isEnumType(type) ? type.getValues().map((v) => v.name).join(", ") : "";
    return { explanation: `Expected ${JSON.stringify(invalid)} to be one of: ${values}` };
  }
  if ((m = /^Expected type "([^"]+)" to be an object\./.exec(msg))) {
    return { explanation: `Expected ${JSON.stringify(invalid)} to be a key-value object.` };
  }
  if ((m = /^(\w+) cannot represent /.exec(msg))) {
    return { explanation: `Could not coerce value ${JSON.stringify(invalid)} to ${m[1]}` };
  }
  return { explanation: msg };
}

/**
 * Coerces the request's variables like graphql-ruby: on failure, one error per variable,
 * "Variable $x of type T was provided invalid value[ for path (explanation), …]" with
 * extensions { code: "INVALID_VARIABLE", value, problems: [{ path, explanation }] }.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): { values: Record<string, unknown> } | { errors: ShopifyGraphqlError[] } {
  const values: Record<string, unknown> = {};
  const errors: ShopifyGraphqlError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type as never) as GraphQLInputType | undefined;
    if (!type) continue; // reported by validation
    const problems: Problem[] = [];
    const has = Object.prototype.hasOwnProperty.call(inputs, name);
    const value = inputs[name];
    if (!has || value === undefined) {
      if (def.defaultValue) values[name] = valueFromAST(def.defaultValue, type);
      else if (isNonNullType(type)) problems.push({ path: [], explanation: "Expected value to not be null" });
    } else if (value === null && isNonNullType(type)) {
      problems.push({ path: [], explanation: "Expected value to not be null" });
    } else {
      values[name] = coerceInputValue(value, type, (path, invalid, error) => {
        const { explanation, extraPath } = explain(schema, error, invalid);
        problems.push({ path: extraPath ? [...path, extraPath] : [...path], explanation });
      });
    }
    if (problems.length) {
      const located = problems.filter((p) => p.path.length > 0).map((p) => `${p.path.join(".")} (${p.explanation})`);
      const loc = def.loc ? { line: def.loc.startToken.line, column: def.loc.startToken.column } : null;
      errors.push({
        message: `Variable $${name} of type ${print(def.type)} was provided invalid value${located.length ? ` for ${located.join(", ")}` : ""}`,
        ...(loc ? { locations: [loc] } : {}),
        extensions: { code: "INVALID_VARIABLE", value: value ?? null, problems },
      });
    }
  }
  return errors.length ? { errors } : { values };
}

/** An execution error in Shopify's shape. */
export function shopifyExecutionError(error: GraphQLError): ShopifyGraphqlError {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(error.path ? { path: [...error.path] } : {}),
    ...(error.extensions && Object.keys(error.extensions).length ? { extensions: { ...error.extensions } } : {}),
  };
}

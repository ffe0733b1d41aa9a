/**
 * Calculated query cost, by Shopify's published rules
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 *   scalar / enum 0, object 1, interface / union = the most expensive
 *   possible selection, mutation 10, connection sized by first/last.
 * Connections follow Shopify's worked examples ("two points plus the number
 * of returned objects"): cost = 2 + n × (1 + cost of the node's selection),
 * so `orders(first: 50) { edges { node { id } } }` = 52 and
 * `products(first: 10) { … variants(first: 5) { … } }` = 2 + 10 × (1 + 7) = 82.
 * pageInfo, cursors and the edges wrapper are inside those 2 points.
 *
 * Choices where the docs are silent:
 * - A mutation field costs 10 and the objects in its payload are free, so a
 *   plain `tagsAdd { node { id } userErrors { … } }` costs 10 as observed;
 *   connections inside a payload still add their size.
 * - Lists of objects that are not connections cost like one object.
 * - actualQueryCost uses the returned list sizes; an object field that
 *   resolved to null still costs its 1 (the lookup happened).
 */
import {
  getNamedType,
  GraphQLInt,
  isAbstractType,
  isLeafType,
  isObjectType,
  valueFromAST,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import {
  collectFields,
  fragmentTypes,
  isConnectionType,
  type SelectionContext,
} from "./selections";

export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;

export type CostContext = SelectionContext;

function intArg(ctx: CostContext, node: FieldNode, name: string): number | null {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  const value: unknown = valueFromAST(arg.value, GraphQLInt, ctx.variables);
  return typeof value === "number" ? value : null;
}

function fieldDef(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isAbstractType(parent) && !("getFields" in parent)) return undefined;
  return (parent as GraphQLObjectType).getFields()[name];
}

function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

/** The selections on a connection's node type, from `nodes` and `edges { node }`. */
function connectionNodeSelections(
  ctx: CostContext,
  conn: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): {
  nodes: SelectionSetNode[];
  edges: SelectionSetNode[];
} {
  const fields = collectFields(ctx, sets, conn, conn.name);
  const nodes = subSelections(fields.get("nodes") ?? []);
  const edgesType = conn.getFields().edges ? getNamedType(conn.getFields().edges!.type) : null;
  let edges: SelectionSetNode[] = [];
  if (edgesType && isObjectType(edgesType)) {
    const edgeFields = collectFields(
      ctx,
      subSelections(fields.get("edges") ?? []),
      edgesType,
      edgesType.name,
    );
    edges = subSelections(edgeFields.get("node") ?? []);
  }
  // Aliased `nodes`/`edges` fields are rare enough to ignore here.
  return { nodes, edges };
}

// ---- requested (static) cost ---------------------------------------------

function selectionCost(
  ctx: CostContext,
  sets: readonly SelectionSetNode[],
  parent: GraphQLCompositeType,
  inPayload: boolean,
): number {
  const candidates: (string | null)[] = isAbstractType(parent)
    ? [...fragmentTypes(ctx, sets)]
    : [parent.name];
  if (candidates.length === 0) candidates.push(null);
  let best = 0;
  for (const concrete of candidates) {
    let sum = 0;
    const scope = concrete ? (ctx.schema.getType(concrete) as GraphQLCompositeType) : parent;
    for (const [, nodes] of collectFields(ctx, sets, parent, concrete)) {
      const def = fieldDef(scope, nodes[0]!.name.value) ?? fieldDef(parent, nodes[0]!.name.value);
      if (def) sum += fieldCost(ctx, nodes, def, inPayload);
    }
    best = Math.max(best, sum);
  }
  return best;
}

function fieldCost(
  ctx: CostContext,
  nodes: readonly FieldNode[],
  def: GraphQLField<unknown, unknown>,
  inPayload: boolean,
): number {
  const type = getNamedType(def.type);
  if (isLeafType(type)) return 0;
  const sets = subSelections(nodes);
  if (isConnectionType(type)) {
    const n = intArg(ctx, nodes[0]!, "first") ?? intArg(ctx, nodes[0]!, "last") ?? 0;
    const nodeType = type.getFields().nodes ? getNamedType(type.getFields().nodes!.type) : null;
    if (!nodeType || isLeafType(nodeType)) return CONNECTION_BASE_COST;
    const { nodes: ns, edges } = connectionNodeSelections(ctx, type, sets);
    const per = 1 + selectionCost(ctx, [...ns, ...edges], nodeType as GraphQLCompositeType, false);
    return CONNECTION_BASE_COST + n * per;
  }
  return (inPayload ? 0 : 1) + selectionCost(ctx, sets, type as GraphQLCompositeType, inPayload);
}

/** requestedQueryCost: the worst case, from first/last, before execution. */
export function requestedCost(ctx: CostContext, operation: OperationDefinitionNode): number {
  const root =
    operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root) return 0;
  let total = 0;
  for (const [, nodes] of collectFields(ctx, [operation.selectionSet], root, root.name)) {
    const def = root.getFields()[nodes[0]!.name.value];
    if (!def) continue;
    if (operation.operation === "mutation") {
      const type = getNamedType(def.type);
      total +=
        MUTATION_COST +
        (isLeafType(type)
          ? 0
          : selectionCost(ctx, subSelections(nodes), type as GraphQLCompositeType, true));
    } else {
      total += fieldCost(ctx, nodes, def, false);
    }
  }
  return total;
}

// ---- actual cost (from the data returned) ---------------------------------

type Data = Record<string, unknown>;

function actualSelection(
  ctx: CostContext,
  sets: readonly SelectionSetNode[],
  parent: GraphQLCompositeType,
  value: Data,
  path: string,
  runtimeTypes: ReadonlyMap<string, string>,
  inPayload: boolean,
): number {
  const concrete = isAbstractType(parent) ? (runtimeTypes.get(path) ?? null) : parent.name;
  const scope = concrete
    ? ((ctx.schema.getType(concrete) as GraphQLCompositeType | undefined) ?? parent)
    : parent;
  let sum = 0;
  for (const [key, nodes] of collectFields(ctx, sets, parent, concrete)) {
    const def = fieldDef(scope, nodes[0]!.name.value);
    if (!def || !(key in value)) continue;
    sum += actualField(
      ctx,
      nodes,
      def,
      value[key],
      path ? `${path}.${key}` : key,
      runtimeTypes,
      inPayload,
    );
  }
  return sum;
}

function actualField(
  ctx: CostContext,
  nodes: readonly FieldNode[],
  def: GraphQLField<unknown, unknown>,
  value: unknown,
  path: string,
  runtimeTypes: ReadonlyMap<string, string>,
  inPayload: boolean,
): number {
  const type = getNamedType(def.type);
  if (isLeafType(type)) return 0;
  const sets = subSelections(nodes);
  if (isConnectionType(type)) {
    const nodeType = type.getFields().nodes ? getNamedType(type.getFields().nodes!.type) : null;
    if (!value || !nodeType || isLeafType(nodeType)) return CONNECTION_BASE_COST;
    const conn = value as { nodes?: Data[]; edges?: { node?: Data }[] };
    const { nodes: ns, edges } = connectionNodeSelections(ctx, type, sets);
    const count = Math.max(conn.nodes?.length ?? 0, conn.edges?.length ?? 0);
    let sum = CONNECTION_BASE_COST;
    for (let i = 0; i < count; i++) {
      sum += 1;
      const viaNodes = conn.nodes?.[i];
      const viaEdges = conn.edges?.[i]?.node;
      const composite = nodeType as GraphQLCompositeType;
      if (viaNodes)
        sum += actualSelection(
          ctx,
          ns,
          composite,
          viaNodes,
          `${path}.nodes.${i}`,
          runtimeTypes,
          false,
        );
      if (viaEdges)
        sum += actualSelection(
          ctx,
          edges,
          composite,
          viaEdges,
          `${path}.edges.${i}.node`,
          runtimeTypes,
          false,
        );
    }
    return sum;
  }
  const own = inPayload ? 0 : 1;
  if (value === null || value === undefined) return own;
  const composite = type as GraphQLCompositeType;
  if (Array.isArray(value)) {
    let most = 0;
    value.forEach((item, i) => {
      if (item && typeof item === "object") {
        most = Math.max(
          most,
          actualSelection(
            ctx,
            sets,
            composite,
            item as Data,
            `${path}.${i}`,
            runtimeTypes,
            inPayload,
          ),
        );
      }
    });
    return own + most;
  }
  return own + actualSelection(ctx, sets, composite, value as Data, path, runtimeTypes, inPayload);
}

/** actualQueryCost: the same rules over what was returned. */
export function actualCost(
  ctx: CostContext,
  operation: OperationDefinitionNode,
  data: Data | null | undefined,
  runtimeTypes: ReadonlyMap<string, string>,
): number {
  const root =
    operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root || !data) return 0;
  let total = 0;
  for (const [key, nodes] of collectFields(ctx, [operation.selectionSet], root, root.name)) {
    const def = root.getFields()[nodes[0]!.name.value];
    if (!def || !(key in data)) continue;
    if (operation.operation === "mutation") {
      const type = getNamedType(def.type);
      const value = data[key];
      total += MUTATION_COST;
      if (value && typeof value === "object" && !isLeafType(type)) {
        total += actualSelection(
          ctx,
          subSelections(nodes),
          type as GraphQLCompositeType,
          value as Data,
          key,
          runtimeTypes,
          true,
        );
      }
    } else {
      total += actualField(ctx, nodes, def, data[key], key, runtimeTypes, false);
    }
  }
  return total;
}

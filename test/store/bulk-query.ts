/**
 * Bulk query rules and JSONL output.
 * Rules (bulkOperationRunQuery docs): at least one connection, at most five,
 * nesting depth at most two. Output: one JSON object per line; nodes of a
 * nested connection are their own lines with "__parentId" and come after
 * their parent (right after it with groupObjects, possibly later without).
 */
import {
  getNamedType,
  isLeafType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { CostContext } from "./cost";
import { collectFields, isConnectionType } from "./selections";

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_DEPTH = 2;

export interface BulkQueryPlan {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  ctx: CostContext;
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) out[def.name.value] = def;
  return out;
}

/** Checks a bulk query; returns the plan or a user-facing error message. */
export function analyzeBulkQuery(schema: GraphQLSchema, query: string): BulkQueryPlan | string {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return `Invalid bulk query: ${(error as Error).message}`;
  }
  const errors = validate(schema, document);
  if (errors.length) return `Invalid bulk query: ${errors[0]!.message}`;
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) return "Bulk queries must contain exactly one operation.";
  const operation = operations[0]!;
  if (operation.operation !== "query")
    return "Bulk operations can only run queries with bulkOperationRunQuery.";
  if (operation.variableDefinitions?.length) return "Bulk queries cannot use variables.";
  const ctx: CostContext = { schema, fragments: fragmentsOf(document), variables: {} };
  let connections = 0;
  let problem: string | null = null;

  const walk = (
    sets: readonly SelectionSetNode[],
    parent: GraphQLCompositeType,
    depth: number,
  ): void => {
    for (const [, nodes] of collectFields(ctx, sets, parent, null)) {
      const def = "getFields" in parent ? parent.getFields()[nodes[0]!.name.value] : undefined;
      if (!def) continue;
      const type = getNamedType(def.type);
      if (isLeafType(type)) continue;
      const subs = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      if (isConnectionType(type)) {
        connections++;
        if (depth + 1 > MAX_BULK_DEPTH)
          problem ??= `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_DEPTH}.`;
        const nodeType = getNamedType(
          type.getFields().nodes?.type ?? type.getFields().edges!.type,
        ) as GraphQLCompositeType;
        const itemSets = nodeSelections(ctx, type, subs);
        const itemFields = collectFields(ctx, itemSets, nodeType, null);
        const hasNested = [...itemFields.values()].some((ns) => {
          const d = "getFields" in nodeType ? nodeType.getFields()[ns[0]!.name.value] : undefined;
          return !!d && isConnectionType(getNamedType(d.type));
        });
        if (hasNested && !itemFields.has("id")) {
          problem ??= `The '${nodes[0]!.name.value}' connection has a nested connection, so its nodes must select the 'id' field.`;
        }
        walk(itemSets, nodeType, depth + 1);
      } else {
        walk(subs, type as GraphQLCompositeType, depth);
      }
    }
  };
  walk([operation.selectionSet], schema.getQueryType()!, 0);
  if (problem) return problem;
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > MAX_BULK_CONNECTIONS)
    return `Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`;
  return { document, operation, ctx };
}

/** Selections on the node type of a connection, whether via `nodes` or `edges { node }`. */
function nodeSelections(
  ctx: CostContext,
  conn: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): SelectionSetNode[] {
  const fields = collectFields(ctx, sets, conn, conn.name);
  const out: SelectionSetNode[] = [];
  for (const n of fields.get("nodes") ?? []) if (n.selectionSet) out.push(n.selectionSet);
  const edgesDef = conn.getFields().edges;
  if (edgesDef) {
    const edgeType = getNamedType(edgesDef.type) as GraphQLObjectType;
    const edgeSets = (fields.get("edges") ?? []).flatMap((n) =>
      n.selectionSet ? [n.selectionSet] : [],
    );
    for (const n of collectFields(ctx, edgeSets, edgeType, edgeType.name).get("node") ?? [])
      if (n.selectionSet) out.push(n.selectionSet);
  }
  return out;
}

type Data = Record<string, unknown>;

function itemsOf(value: unknown): Data[] {
  const conn = value as { nodes?: Data[]; edges?: { node: Data }[] } | null;
  if (!conn) return [];
  if (conn.nodes) return conn.nodes;
  return (conn.edges ?? []).map((e) => e.node);
}

/** Merges the `nodes` and `edges.node` views of the same item. */
function mergedItems(value: unknown): Data[] {
  const conn = value as { nodes?: Data[]; edges?: { node: Data }[] } | null;
  if (!conn) return [];
  if (conn.nodes && conn.edges)
    return conn.nodes.map((n, i) => ({ ...(conn.edges![i]?.node ?? {}), ...n }));
  return itemsOf(value);
}

export interface BulkOutput {
  lines: string[];
  rootObjectCount: number;
}

/** Turns the executed bulk query's data into JSONL lines. */
export function flattenBulkResult(
  plan: BulkQueryPlan,
  data: Data,
  groupObjects: boolean,
): BulkOutput {
  const { ctx } = plan;
  const lines: string[] = [];
  let deferred: string[] = [];
  let rootObjectCount = 0;

  const emitItem = (
    item: Data,
    sets: SelectionSetNode[],
    type: GraphQLCompositeType,
    parentId: string | null,
  ): void => {
    const out: Data = {};
    const children: { value: unknown; sets: SelectionSetNode[]; type: GraphQLCompositeType }[] = [];
    const fields = collectFields(ctx, sets, type, null);
    for (const [key, nodes] of fields) {
      const def = "getFields" in type ? type.getFields()[nodes[0]!.name.value] : undefined;
      const fieldType = def ? getNamedType(def.type) : null;
      if (fieldType && isConnectionType(fieldType)) {
        const subs = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
        const nodeType = getNamedType(
          fieldType.getFields().nodes?.type ?? fieldType.getFields().edges!.type,
        ) as GraphQLCompositeType;
        children.push({
          value: item[key],
          sets: nodeSelections(ctx, fieldType, subs),
          type: nodeType,
        });
        continue;
      }
      if (key in item) out[key] = item[key];
    }
    // Keys the query did not name (e.g. from fragments on other types) are kept.
    for (const [key, value] of Object.entries(item))
      if (!(key in out) && !fields.has(key)) out[key] = value;
    if (parentId !== null) out.__parentId = parentId;
    else rootObjectCount++;
    lines.push(JSON.stringify(out));
    const id = typeof item.id === "string" ? item.id : null;
    for (const child of children) {
      for (const c of mergedItems(child.value)) {
        if (groupObjects) emitItem(c, child.sets, child.type, id);
        else deferred.push(JSON.stringify({ ...c, __parentId: id }));
      }
    }
    if (!groupObjects && parentId === null && rootObjectCount % 100 === 0) flush();
  };

  const flush = (): void => {
    lines.push(...deferred);
    deferred = [];
  };

  const walkRoot = (
    sets: readonly SelectionSetNode[],
    parent: GraphQLCompositeType,
    value: Data,
  ): void => {
    for (const [key, nodes] of collectFields(ctx, sets, parent, null)) {
      const def = "getFields" in parent ? parent.getFields()[nodes[0]!.name.value] : undefined;
      if (!def || !(key in value)) continue;
      const type = getNamedType(def.type);
      if (isLeafType(type)) continue;
      const subs = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      if (isConnectionType(type)) {
        const nodeType = getNamedType(
          type.getFields().nodes?.type ?? type.getFields().edges!.type,
        ) as GraphQLCompositeType;
        const itemSets = nodeSelections(ctx, type, subs);
        for (const item of mergedItems(value[key])) emitItem(item, itemSets, nodeType, null);
      } else if (value[key] && typeof value[key] === "object") {
        walkRoot(subs, type as GraphQLCompositeType, value[key] as Data);
      }
    }
  };

  walkRoot([plan.operation.selectionSet], ctx.schema.getQueryType()!, data);
  flush();
  return { lines, rootObjectCount };
}

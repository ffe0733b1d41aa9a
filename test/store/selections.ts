/**
 * Walking selection sets the way execution does: fields grouped by response
 * key, fragments expanded for a concrete type, @skip/@include honoured.
 * Shared by the cost calculator and the bulk query planner.
 */
import {
  isAbstractType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export interface SelectionContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

function included(
  node: { directives?: readonly DirectiveNode[] },
  variables: Record<string, unknown>,
): boolean {
  for (const d of node.directives ?? []) {
    if (d.name.value !== "skip" && d.name.value !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if");
    if (!arg) continue;
    const value =
      arg.value.kind === Kind.VARIABLE
        ? variables[arg.value.name.value]
        : arg.value.kind === Kind.BOOLEAN
          ? arg.value.value
          : false;
    if (d.name.value === "skip" && value === true) return false;
    if (d.name.value === "include" && value !== true) return false;
  }
  return true;
}

/**
 * Groups the fields of a selection set by response key, expanding fragments
 * that apply to `concrete` (or, with no concrete type, to the static parent).
 */
export function collectFields(
  ctx: SelectionContext,
  selectionSets: readonly SelectionSetNode[],
  parent: GraphQLCompositeType,
  concrete: string | null,
  out = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const set of selectionSets) {
    for (const sel of set.selections) {
      if (!included(sel, ctx.variables)) continue;
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const list = out.get(key);
        if (list) list.push(sel);
        else out.set(key, [sel]);
        continue;
      }
      const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : ctx.fragments[sel.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition?.name.value;
      if (condition && !conditionApplies(ctx.schema, condition, parent, concrete)) continue;
      collectFields(ctx, [fragment.selectionSet], parent, concrete, out);
    }
  }
  return out;
}

function conditionApplies(
  schema: GraphQLSchema,
  condition: string,
  parent: GraphQLCompositeType,
  concrete: string | null,
): boolean {
  if (condition === parent.name || condition === concrete) return true;
  const condType = schema.getType(condition);
  if (!condType) return false;
  if (concrete) {
    const concreteType = schema.getType(concrete);
    return (
      !!concreteType &&
      isAbstractType(condType) &&
      isObjectType(concreteType) &&
      schema.isSubType(condType, concreteType)
    );
  }
  // Static, no concrete type chosen: abstract conditions may apply.
  return isAbstractType(condType);
}

/** Concrete type names named by fragments directly in these selections. */
export function fragmentTypes(
  ctx: SelectionContext,
  sets: readonly SelectionSetNode[],
  out = new Set<string>(),
): Set<string> {
  for (const set of sets) {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) continue;
      const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : ctx.fragments[sel.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition?.name.value;
      const type = condition ? ctx.schema.getType(condition) : null;
      if (type && isObjectType(type)) out.add(type.name);
      fragmentTypes(ctx, [fragment.selectionSet], out);
    }
  }
  return out;
}

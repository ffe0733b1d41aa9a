/**
 * Access scopes, enforced the way Shopify does. The vendored schema file says
 * which scopes each type and field needs (`offline_scopes`); a field that
 * needs one the token lacks, or that returns such a type (through a
 * connection too), is an ACCESS_DENIED error at that field with HTTP 200:
 *   { message: "Access denied for customers field. Required access: `read_customers` access scope.",
 *     locations, path, extensions: { code: "ACCESS_DENIED",
 *     documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_customers` access scope." } }
 * (https://shopify.dev/changelog/new-error-messages-for-graphql-operations-without-necessary-access-scopes;
 * the exact shape is what apps log from real shops: `requiredAccess` is the
 * schema's own wording, and the type's requirement is reported at the field
 * that returns it, e.g. `customers`, or `customer` on an order).
 */
import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from "graphql";
import { accessItems, adminSchema, type AccessItem } from "./schema";
import { isConnectionType } from "./selections";

/** Every group must hold; a group holds when any of its scopes is granted. */
type Clauses = string[][];

export interface AccessRule {
  requiredAccess: string;
  query: Clauses;
  mutation: Clauses;
}

const DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

const scopesIn = (text: string): string[] => [...text.matchAll(/`(\w+)`/g)].map((m) => m[1]!);

/**
 * Reads Shopify's wording: "`a` access scope or `b` access scope" (any of),
 * "`a` access scope and (`b` … or `c` …)" (both), "`x` for queries and both
 * `x` as well as `y` for mutations", and "Also: Requires `z` scope." Other
 * "Also:" sentences are about staff permissions, which offline tokens lack.
 * Anything unreadable falls back to "any of offlineScopes".
 */
export function parseRule(item: AccessItem): AccessRule | null {
  if (item.offlineScopes.length === 0) return null;
  const known = new Set(item.offlineScopes);
  const keep = (groups: string[][]) =>
    groups.map((g) => g.filter((s) => known.has(s))).filter((g) => g.length > 0);
  const [main = "", ...also] = item.requiredAccess.split(/\bAlso:/);
  const split = /for queries and (.*) for mutations/.exec(main);
  let query = split
    ? keep([scopesIn(main.slice(0, split.index))])
    : keep(main.split(/\band\b/).map(scopesIn));
  let mutation = split ? keep(scopesIn(split[1]!).map((s) => [s])) : query;
  for (const sentence of also) {
    const extra = /^\s*Requires `(\w+)` scope/.exec(sentence)?.[1];
    if (extra && known.has(extra)) {
      query = [...query, [extra]];
      mutation = [...mutation, [extra]];
    }
  }
  if (query.length === 0) query = [item.offlineScopes];
  if (mutation.length === 0) mutation = query;
  return { requiredAccess: item.requiredAccess, query, mutation };
}

/**
 * The scopes a token carries, with write_X granting read_X: Shopify documents
 * that revoking a write scope "also removes its read access when the read
 * scope was only granted through the write scope"
 * (https://shopify.dev/docs/api/admin-graphql/unstable/mutations/appDowngradeAccessScopes).
 */
export function grantedScopes(scopes: string): ReadonlySet<string> {
  let set = grantedCache.get(scopes);
  if (!set) {
    const granted = new Set<string>();
    for (const raw of scopes.split(",")) {
      const scope = raw.trim();
      if (!scope) continue;
      granted.add(scope);
      if (scope.startsWith("write_")) granted.add(`read_${scope.slice("write_".length)}`);
      if (scope.startsWith("unauthenticated_write_"))
        granted.add(`unauthenticated_read_${scope.slice("unauthenticated_write_".length)}`);
    }
    set = granted;
    grantedCache.set(scopes, set);
  }
  return set;
}
const grantedCache = new Map<string, ReadonlySet<string>>();

function satisfied(clauses: Clauses, granted: ReadonlySet<string>): boolean {
  return clauses.every((group) => group.some((s) => granted.has(s)));
}

let rules: { types: Map<string, AccessRule>; fields: Map<string, Map<string, AccessRule>> } | null =
  null;

function allRules() {
  if (!rules) {
    rules = { types: new Map(), fields: new Map() };
    for (const item of accessItems()) {
      const rule = parseRule(item);
      if (!rule) continue;
      if (item.type === "type") rules.types.set(item.typeName, rule);
      else if (item.fieldName) {
        let map = rules.fields.get(item.typeName);
        if (!map) rules.fields.set(item.typeName, (map = new Map()));
        map.set(item.fieldName, rule);
      }
    }
  }
  return rules;
}

export function typeRule(typeName: string): AccessRule | null {
  return allRules().types.get(typeName) ?? null;
}

/** The item type behind a connection or edge (Customer for CustomerConnection). */
function itemType(type: GraphQLNamedType): GraphQLNamedType {
  if (isConnectionType(type)) {
    const fields = type.getFields();
    const inner = fields.nodes?.type ?? fields.edges?.type;
    return inner ? itemType(getNamedType(inner)) : type;
  }
  if (isObjectType(type) && type.name.endsWith("Edge") && type.getFields().node)
    return getNamedType(type.getFields().node!.type);
  return type;
}

interface FieldRules {
  own: AccessRule | null;
  returns: AccessRule | null;
}
const fieldRuleCache = new Map<string, Map<string, FieldRules | null>>();

function fieldRules(
  parentType: string,
  fieldName: string,
  returnType: GraphQLOutputType,
): FieldRules | null {
  let byField = fieldRuleCache.get(parentType);
  if (!byField) fieldRuleCache.set(parentType, (byField = new Map()));
  let found = byField.get(fieldName);
  if (found === undefined) {
    const own = allRules().fields.get(parentType)?.get(fieldName) ?? null;
    const returns = typeRule(itemType(getNamedType(returnType)).name);
    found = own || returns ? { own, returns } : null;
    byField.set(fieldName, found);
  }
  return found;
}

export function accessDeniedError(fieldName: string, requiredAccess: string): GraphQLError {
  return new GraphQLError(
    `Access denied for ${fieldName} field. Required access: ${requiredAccess}`,
    {
      extensions: { code: "ACCESS_DENIED", documentation: DOCUMENTATION, requiredAccess },
    },
  );
}

/** The rule a field breaks for these scopes (its own, then its return type's), or null. */
export function brokenRule(
  parentType: string,
  fieldName: string,
  returnType: GraphQLOutputType,
  granted: ReadonlySet<string>,
  mutation: boolean,
): AccessRule | null {
  const found = fieldRules(parentType, fieldName, returnType);
  if (!found) return null;
  for (const rule of [found.own, found.returns])
    if (rule && !satisfied(mutation ? rule.mutation : rule.query, granted)) return rule;
  return null;
}

/** Whether an object of this concrete type may be returned (abstract fields: node, nodes). */
export function typeAllowed(typeName: string, granted: ReadonlySet<string>, mutation: boolean) {
  const rule = typeRule(typeName);
  return !rule || satisfied(mutation ? rule.mutation : rule.query, granted);
}

/**
 * The first field of a document that the scopes do not allow, found without
 * running it (bulk operations fail up front with errorCode ACCESS_DENIED).
 * @skip/@include are not evaluated: a denied field counts even when skipped.
 */
export function firstDeniedField(
  document: DocumentNode,
  granted: ReadonlySet<string>,
): { field: string; requiredAccess: string } | null {
  const schema = adminSchema();
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    enclosing: string,
    mutation: boolean,
    seen: Set<string>,
  ): { field: string; requiredAccess: string } | null => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const def = "getFields" in parent ? parent.getFields()[sel.name.value] : undefined;
        if (!def) continue;
        const broken = brokenRule(parent.name, sel.name.value, def.type, granted, mutation);
        if (broken) return { field: sel.name.value, requiredAccess: broken.requiredAccess };
        const inner = getNamedType(def.type);
        if (sel.selectionSet && isCompositeType(inner)) {
          const found = walk(sel.selectionSet, inner, sel.name.value, mutation, seen);
          if (found) return found;
        }
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD && seen.has(sel.name.value)) continue;
      const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments[sel.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? schema.getType(fragment.typeCondition.name.value)
        : parent;
      if (!condition || !isCompositeType(condition)) continue;
      const rule = condition === parent ? null : typeRule(condition.name);
      if (rule && !satisfied(mutation ? rule.mutation : rule.query, granted))
        return { field: enclosing, requiredAccess: rule.requiredAccess };
      const next = sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen;
      const found = walk(fragment.selectionSet, condition, enclosing, mutation, next);
      if (found) return found;
    }
    return null;
  };
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = def.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
    if (!root) continue;
    const found = walk(def.selectionSet, root, root.name, def.operation === "mutation", new Set());
    if (found) return found;
  }
  return null;
}

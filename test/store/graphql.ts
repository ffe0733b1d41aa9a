/**
 * Executes Admin GraphQL requests against the official 2026-10 schema with
 * graphql-js, answering the way Shopify does (HTTP 200 with `errors` for
 * parse/validation/variable problems, cost and throttle in `extensions`).
 *
 * Error shapes (Shopify runs graphql-ruby; these mirror it where known):
 * - Parse errors: `Parse error on "}" (…) at [line, column]` style message
 *   with locations; we add extensions.code GRAPHQL_PARSE_FAILED so clients
 *   can tell parse errors apart (Shopify sends no code there).
 * - Validation: the common graphql-ruby messages and codes (undefinedField,
 *   argumentNotAccepted, missingRequiredArguments, selectionMismatch,
 *   variableNotUsed); anything else keeps graphql-js's message with code
 *   GRAPHQL_VALIDATION_FAILED.
 * - Variables: "Variable $id of type ID! was provided invalid value" with
 *   extensions { value, problems: [{ path, explanation }] }.
 * - A requested field with no simulator resolver is an execution error
 *   naming the field (code NOT_IMPLEMENTED_IN_SIMULATOR), never a silent null.
 * - Access scopes: a field (or the type it returns) that needs a scope the
 *   token lacks is an ACCESS_DENIED error at that field (scopes.ts).
 */
import {
  executeSync,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import { actualCost, requestedCost, type CostContext } from "./cost";
import { parseErrorMessage, validationError, variableErrors } from "./errors";
import type { Env } from "./env";
import { RESOLVERS } from "./resolvers";
import type { Ctx, SearchReport } from "./resolvers/context";
import { adminSchema } from "./schema";
import { notApprovedError, protectedField } from "./protected-data";
import { accessDeniedError, brokenRule, grantedScopes, typeAllowed, typeRule } from "./scopes";
import type { ShopStore } from "./state";
import { MAX_SINGLE_QUERY_COST, type LeakyBucket } from "./throttle";

interface Prepared {
  document: DocumentNode | null;
  errors: GraphQLFormattedError[] | null;
  fragments: Record<string, FragmentDefinitionNode>;
}

const MAX_CACHED_DOCUMENTS = 500;
const documents = new Map<string, Prepared>();

export function prepare(query: string): Prepared {
  const hit = documents.get(query);
  if (hit) return hit;
  let prepared: Prepared;
  try {
    const document = parse(query);
    const errors = validate(adminSchema(), document);
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of document.definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    prepared = { document, errors: errors.length ? errors.map(validationError) : null, fragments };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    prepared = {
      document: null,
      errors: [
        {
          message: parseErrorMessage(error),
          locations: error.locations ? [...error.locations] : undefined,
          extensions: { code: "GRAPHQL_PARSE_FAILED" },
        },
      ],
      fragments: {},
    };
  }
  if (documents.size >= MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value!);
  documents.set(query, prepared);
  return prepared;
}

function notImplemented(type: string, field: string): GraphQLError {
  return new GraphQLError(
    `Field '${type}.${field}' is not implemented by the store simulator (test/store). Add a resolver if Patron needs it.`,
    { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } },
  );
}

const fieldResolver: GraphQLFieldResolver<unknown, Ctx> = (source, args, ctx, info) => {
  const mutation = info.operation.operation === "mutation";
  const broken = brokenRule(
    info.parentType.name,
    info.fieldName,
    info.returnType,
    ctx.scopes,
    mutation,
  );
  if (broken) throw accessDeniedError(info.fieldName, broken.requiredAccess);
  if (
    ctx.shop.settings.protectedCustomerData === "level1" &&
    protectedField(info.parentType.name, info.fieldName)
  )
    throw notApprovedError(info.fieldName, ctx.env.config.appId);
  const map = RESOLVERS[info.parentType.name];
  if (map) {
    const fn = map[info.fieldName];
    if (!fn) throw notImplemented(info.parentType.name, info.fieldName);
    // FieldFn declares `never` params so typed resolvers fit one map; calling needs the wide type.
    return (fn as unknown as GraphQLFieldResolver<unknown, Ctx>)(source, args, ctx, info);
  }
  if (source && typeof source === "object" && info.fieldName in source) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw notImplemented(info.parentType.name, info.fieldName);
};

const typeResolver: GraphQLTypeResolver<unknown, Ctx> = (value, ctx, info) => {
  const name = (value as { __typename?: string } | null)?.__typename;
  // node(id:) can reach any type: its own access rule applies at the field (e.g. a Customer).
  if (name && !typeAllowed(name, ctx.scopes, info.operation.operation === "mutation")) {
    const rule = typeRule(name)!;
    throw accessDeniedError(info.fieldName, rule.requiredAccess);
  }
  if (ctx.runtimeTypes && name) {
    const keys: (string | number)[] = [];
    for (let p: typeof info.path | undefined = info.path; p; p = p.prev) keys.unshift(p.key);
    ctx.runtimeTypes.set(keys.join("."), name);
  }
  return name;
};

export interface OperationResult {
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLFormattedError[] | undefined;
  operation: OperationDefinitionNode | null;
  searchReports: SearchReport[];
}

export interface RunOptions {
  operationName?: string | null;
  bulk?: boolean;
  /** Filled with concrete types of abstract fields (for actualQueryCost). */
  runtimeTypes?: Map<string, string>;
  /** Scopes of the requesting token (comma-separated, or granted); default: the app's granted scopes. */
  scopes?: string | ReadonlySet<string>;
}

export type Planned =
  | { errors: GraphQLFormattedError[] }
  | { document: DocumentNode; operation: OperationDefinitionNode; costCtx: CostContext };

/** Plans an operation: document, chosen operation, coerced variables, or errors. */
export function plan(
  query: string,
  variables: Record<string, unknown>,
  operationName?: string | null,
): Planned {
  const prepared = prepare(query);
  if (!prepared.document || prepared.errors) return { errors: prepared.errors ?? [] };
  const operation = getOperationAST(prepared.document, operationName ?? undefined);
  if (!operation) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : "An operation name is required";
    return { errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }] };
  }
  if (operation.operation === "subscription") {
    return {
      errors: [{ message: "Subscriptions are not supported", extensions: { code: "BAD_REQUEST" } }],
    };
  }
  const coerced = getVariableValues(adminSchema(), operation.variableDefinitions ?? [], variables, {
    maxErrors: 10,
  });
  if (coerced.errors) return { errors: variableErrors(coerced.errors, operation, variables) };
  const costCtx: CostContext = {
    schema: adminSchema(),
    fragments: prepared.fragments,
    variables: coerced.coerced,
  };
  return { document: prepared.document, operation, costCtx };
}

/** Runs one operation with no throttling (bulk lines and internal callers use this). */
export function runOperation(
  env: Env,
  shop: ShopStore,
  query: string,
  variables: Record<string, unknown>,
  options: RunOptions = {},
): OperationResult {
  const planned = plan(query, variables, options.operationName);
  if ("errors" in planned)
    return { data: undefined, errors: planned.errors, operation: null, searchReports: [] };
  return execute(env, shop, planned.document, planned.operation, variables, options);
}

function execute(
  env: Env,
  shop: ShopStore,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: RunOptions,
): OperationResult {
  const ctx: Ctx = {
    env,
    shop,
    bulk: !!options.bulk,
    searchReports: [],
    runtimeTypes: options.runtimeTypes ?? null,
    scopes:
      typeof options.scopes === "object"
        ? options.scopes
        : grantedScopes(options.scopes ?? env.config.scopes),
  };
  const result = executeSync({
    schema: adminSchema(),
    document,
    operationName: operation.name?.value,
    rootValue: {},
    contextValue: ctx,
    variableValues: variables,
    fieldResolver,
    typeResolver,
  });
  return {
    data: result.data as Record<string, unknown> | null | undefined,
    errors: result.errors?.map((e) => e.toJSON()),
    operation,
    searchReports: ctx.searchReports,
  };
}

export interface GraphQLHttpResult {
  status: number;
  body: unknown;
}

export interface HandleOptions {
  /** Answer THROTTLED regardless of the bucket (fault injection). */
  forceThrottle?: boolean;
  /** Scopes of the token that authenticated the request; default: the app's granted scopes. */
  scopes?: string;
}

/** Bulk mutations "are not subject to the normal rate limits". */
function throttleExempt(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === "mutation" &&
    operation.selectionSet.selections.every(
      (s) => s.kind === Kind.FIELD && s.name.value === "bulkOperationRunMutation",
    )
  );
}

/** One POST /admin/api/2026-10/graphql.json. */
export function handleGraphQL(
  env: Env,
  shop: ShopStore,
  bucket: LeakyBucket,
  body: unknown,
  options: HandleOptions = {},
): GraphQLHttpResult {
  const request = (body && typeof body === "object" ? body : {}) as {
    query?: unknown;
    variables?: unknown;
    operationName?: unknown;
  };
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const variables =
    request.variables && typeof request.variables === "object"
      ? (request.variables as Record<string, unknown>)
      : {};
  const operationName = typeof request.operationName === "string" ? request.operationName : null;
  const planned = plan(request.query, variables, operationName);
  if ("errors" in planned) return { status: 200, body: { errors: planned.errors } };

  const requested = requestedCost(planned.costCtx, planned.operation);
  const costExtension = (actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: bucket.status(),
    },
  });
  if (requested > MAX_SINGLE_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: {
              code: "MAX_COST_EXCEEDED",
              cost: requested,
              maxCost: MAX_SINGLE_QUERY_COST,
              documentation: "https://shopify.dev/api/usage/rate-limits",
            },
          },
        ],
        extensions: costExtension(null),
      },
    };
  }
  const exempt = throttleExempt(planned.operation);
  if (options.forceThrottle || (!exempt && !bucket.tryTake(requested))) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: "Throttled",
            extensions: {
              code: "THROTTLED",
              documentation: "https://shopify.dev/api/usage/rate-limits",
            },
          },
        ],
        extensions: costExtension(null),
      },
    };
  }

  const runtimeTypes = new Map<string, string>();
  const result = execute(env, shop, planned.document, planned.operation, variables, {
    runtimeTypes,
    scopes: options.scopes,
  });
  const actual = Math.min(
    requested,
    actualCost(planned.costCtx, planned.operation, result.data, runtimeTypes),
  );
  if (!exempt) bucket.refund(requested - actual);
  const extensions: Record<string, unknown> = costExtension(actual);
  if (result.searchReports.length) extensions.search = result.searchReports;
  const out: Record<string, unknown> = {};
  if (result.errors) out.errors = result.errors;
  out.data = result.data ?? null;
  out.extensions = extensions;
  return { status: 200, body: out };
}

/** Whether a request body is a mutation (faults can target mutations only). Unparsable → false. */
export function isMutationRequest(body: unknown): boolean {
  const request = (body && typeof body === "object" ? body : {}) as {
    query?: unknown;
    operationName?: unknown;
  };
  if (typeof request.query !== "string") return false;
  const prepared = prepare(request.query);
  if (!prepared.document) return false;
  const op = getOperationAST(
    prepared.document,
    typeof request.operationName === "string" ? request.operationName : undefined,
  );
  return op?.operation === "mutation";
}

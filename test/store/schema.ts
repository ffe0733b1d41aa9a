import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const API_VERSION = "2026-10";

const SCHEMA_FILE = fileURLToPath(
  new URL("../../app/graphql/admin-2026-10.json.gz", import.meta.url),
);

/** One row of the vendored file's `offline_scopes`: the access a type or field needs. */
export interface AccessItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  /** Shopify's own wording, e.g. "`read_customers` access scope." */
  requiredAccess: string;
  offlineScopes: string[];
}

interface SchemaFile {
  data: IntrospectionQuery;
  offline_scopes?: { items: AccessItem[] };
}

let cached: { schema: GraphQLSchema; access: AccessItem[] } | null = null;

function load() {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as SchemaFile;
    cached = {
      schema: buildClientSchema(json.data, { assumeValid: true }),
      access: json.offline_scopes?.items ?? [],
    };
  }
  return cached;
}

/** The official Admin schema, loaded once per process (about 0.5 s). */
export function adminSchema(): GraphQLSchema {
  return load().schema;
}

/** Access scopes each type and field needs, from the same file as the schema. */
export function accessItems(): readonly AccessItem[] {
  return load().access;
}

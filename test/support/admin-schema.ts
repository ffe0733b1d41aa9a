import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_SCHEMA_FILE = path.resolve(
  import.meta.dirname,
  "../../app/graphql/admin-2026-10.json.gz",
);

let cached: GraphQLSchema | undefined;

// The official Admin API 2026-10 schema vendored from @shopify/dev-mcp.
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(json.data);
  }
  return cached;
}

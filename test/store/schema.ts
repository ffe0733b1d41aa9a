import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const API_VERSION = "2026-10";

const SCHEMA_FILE = fileURLToPath(
  new URL("../../app/graphql/admin-2026-10.json.gz", import.meta.url),
);

let cached: GraphQLSchema | null = null;

/** The official Admin schema, loaded once per process (about 0.5 s). */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(json.data, { assumeValid: true });
  }
  return cached;
}

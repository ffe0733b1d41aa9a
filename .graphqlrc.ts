import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// Types for every `#graphql` operation in app/, generated from the vendored
// 2026-10 schema (scripts/admin-schema.mjs extract puts it where the preset
// looks, so codegen never goes to the network).
export default {
  schema: "./app/types/admin-2026-10.schema.json",
  documents: ["./app/**/*.{ts,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-10",
      documents: ["./app/**/*.{ts,tsx}", "!./app/generated/**", "!./app/types/**"],
      outputDir: "./app/types",
    }),
  },
};

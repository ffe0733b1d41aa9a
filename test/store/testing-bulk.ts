/**
 * Helpers for bulk operation tests over real HTTP: GraphQL with a token, the
 * staged upload an app does before bulkOperationRunMutation, and result files.
 */
import type { StoreSimulator } from "./server";
import { graphqlPath, post, type Json } from "./testing";

export const RUN_QUERY = `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status query } userErrors { code field message } } }`;
export const RUN_MUTATION = `mutation($m: String!, $path: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $path) { bulkOperation { id status query } userErrors { code field message } } }`;
export const STATUS = `query($id: ID!) { bulkOperation(id: $id) { id status type errorCode objectCount fileSize url partialDataUrl query } }`;
export const CANCEL = `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`;

export function bulkClient(sim: StoreSimulator, token: () => string) {
  const gql = async (query: string, variables: Record<string, unknown> = {}): Promise<Json> =>
    (
      await post(
        sim.url,
        graphqlPath(),
        { query, variables },
        { "x-shopify-access-token": token() },
      )
    ).json;

  /** Uploads JSONL variables the way Shopify's staged upload form expects; returns the key. */
  const stageUpload = async (content: string): Promise<string> => {
    const staged = await gql(
      `mutation { stagedUploadsCreate(input: [{ resource: BULK_MUTATION_VARIABLES, filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: POST }]) { stagedTargets { url parameters { name value } } } }`,
    );
    const target = staged.data.stagedUploadsCreate.stagedTargets[0];
    const params = target.parameters as { name: string; value: string }[];
    const form = new FormData();
    for (const p of params) form.append(p.name, p.value);
    form.append("file", new Blob([content]), "vars.jsonl");
    const res = await fetch(target.url, { method: "POST", body: form });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status}`);
    return params.find((p) => p.name === "key")!.value;
  };

  const status = async (id: string): Promise<Json> =>
    (await gql(STATUS, { id })).data.bulkOperation;

  const finished = async (id: string): Promise<Json> => {
    await sim.idle();
    return status(id);
  };

  const lines = async (url: string): Promise<Json[]> => {
    const text = await (await fetch(url)).text();
    return text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
  };

  /** Stages `rows` and starts the bulk mutation; returns the started operation. */
  const runMutation = async (mutation: string, rows: object[]): Promise<Json> => {
    const path = await stageUpload(rows.map((r) => JSON.stringify(r)).join("\n"));
    return (await gql(RUN_MUTATION, { m: mutation, path })).data.bulkOperationRunMutation;
  };

  return { gql, stageUpload, status, finished, lines, runMutation };
}

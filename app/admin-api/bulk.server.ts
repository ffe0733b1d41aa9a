import { AdminApiError, userErrorMessage, type UserError } from "./errors";
import type { ShopApi } from "./executor.server";

export type BulkOperationState = {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: string | null;
  url: string | null;
  partialDataUrl: string | null;
  objectCount: string;
};

/** Shopify runs at most five bulk operations per shop at once; the caller tries again later. */
export class BulkLimitReachedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkLimitReachedError";
  }
}

const RUN_QUERY = `#graphql
  mutation PatronBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status errorCode url partialDataUrl objectCount }
      userErrors { field message code }
    }
  }`;

const RUN_MUTATION = `#graphql
  mutation PatronBulkMutation($mutation: String!, $stagedUploadPath: String!) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath) {
      bulkOperation { id status errorCode url partialDataUrl objectCount }
      userErrors { field message code }
    }
  }`;

const STAGED_UPLOAD = `#graphql
  mutation PatronStagedUpload($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }`;

const OPERATION = `#graphql
  query PatronBulkOperation($id: ID!) {
    bulkOperation(id: $id) { id status errorCode url partialDataUrl objectCount }
  }`;

const RECENT = `#graphql
  query PatronRecentBulkOperations($query: String!) {
    bulkOperations(first: 25, query: $query, sortKey: CREATED_AT, reverse: true) {
      nodes { id status errorCode url partialDataUrl objectCount query createdAt }
    }
  }`;

const CANCEL = `#graphql
  mutation PatronBulkCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }`;

type Started = {
  bulkOperation: BulkOperationState | null;
  userErrors: (UserError & { code?: string | null })[];
};

function started(payload: Started): BulkOperationState {
  if (payload.userErrors.length || !payload.bulkOperation) {
    const message =
      userErrorMessage(payload.userErrors) || "Shopify did not start the bulk operation";
    if (payload.userErrors.some((e) => e.code === "LIMIT_REACHED"))
      throw new BulkLimitReachedError(message);
    throw new AdminApiError(message, null, payload.userErrors[0]?.code ?? null);
  }
  return payload.bulkOperation;
}

export async function startBulkQuery(executor: ShopApi, query: string) {
  const data = await executor.mutate<{ bulkOperationRunQuery: Started }>(RUN_QUERY, { query });
  return started(data.bulkOperationRunQuery);
}

/** Uploads the variables (one JSON object per line) and starts the bulk mutation. */
export async function uploadBulkVariables(executor: ShopApi, lines: string[]) {
  const data = await executor.mutate<{
    stagedUploadsCreate: {
      stagedTargets: { url: string; parameters: { name: string; value: string }[] }[];
      userErrors: UserError[];
    };
  }>(STAGED_UPLOAD, {
    input: [
      {
        resource: "BULK_MUTATION_VARIABLES",
        filename: "patron.jsonl",
        mimeType: "text/jsonl",
        httpMethod: "POST",
      },
    ],
  });
  const { stagedTargets, userErrors } = data.stagedUploadsCreate;
  const target = stagedTargets[0];
  if (userErrors.length || !target)
    throw new AdminApiError(userErrorMessage(userErrors) || "No upload target");
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([lines.join("\n") + "\n"], { type: "text/jsonl" }), "patron.jsonl");
  const response = await fetch(target.url, { method: "POST", body: form });
  if (!response.ok)
    throw new AdminApiError(
      `Uploading the bulk file failed: HTTP ${response.status}`,
      response.status,
    );
  const key = target.parameters.find((p) => p.name === "key")?.value;
  if (!key) throw new AdminApiError("The upload target has no key");
  return key;
}

export async function startBulkMutation(
  executor: ShopApi,
  mutation: string,
  stagedUploadPath: string,
) {
  const data = await executor.mutate<{ bulkOperationRunMutation: Started }>(RUN_MUTATION, {
    mutation,
    stagedUploadPath,
  });
  return started(data.bulkOperationRunMutation);
}

export async function bulkOperation(executor: ShopApi, id: string) {
  const data = await executor.query<{ bulkOperation: BulkOperationState | null }>(OPERATION, {
    id,
  });
  return data.bulkOperation;
}

/**
 * A bulk mutation started since `since` whose operation is named `name`
 * (used to adopt one after a crash). The name is part of the document, so it
 * survives however Shopify stores the text; a comment might not.
 */
export async function findBulkMutation(executor: ShopApi, name: string, since: Date) {
  // A minute of slack for the clocks of this server and Shopify's.
  const after = new Date(since.getTime() - 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const data = await executor.query<{
    bulkOperations: { nodes: (BulkOperationState & { query: string })[] };
  }>(RECENT, { query: `operation_type:mutation created_at:>='${after}'` });
  const named = new RegExp(`\\bmutation\\s+${name}\\b`);
  return data.bulkOperations.nodes.find((op) => named.test(op.query)) ?? null;
}

/**
 * Asks Shopify to stop a bulk operation. One that already finished cannot be
 * cancelled: that is not an error here (its results are read as usual).
 */
export async function cancelBulkOperation(executor: ShopApi, id: string) {
  await executor.mutate<{ bulkOperationCancel: { userErrors: UserError[] } }>(CANCEL, { id });
}

export const FINISHED = new Set(["COMPLETED", "CANCELED", "FAILED", "EXPIRED"]);

/**
 * Streams a JSONL result line by line. The next chunk is read only when the
 * caller asks for more lines, so memory stays flat whatever the file's size
 * and however slowly the lines are stored (readline would buffer them).
 */
export async function* jsonlLines(url: string): AsyncGenerator<Record<string, unknown>> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new AdminApiError(
      `Downloading the bulk result failed: HTTP ${response.status}`,
      response.status,
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = rest + (value ?? "");
      const lines = text.split("\n");
      rest = done ? "" : lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          yield JSON.parse(line) as Record<string, unknown>;
        } catch {
          // A line that cannot be read is skipped: what it was for is settled from Shopify's state.
          console.warn(`bulk result: skipped an unreadable line (${line.length} characters)`);
        }
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

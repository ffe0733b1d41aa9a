import { createHmac, randomUUID } from "node:crypto";
import { Kind, parse, print, type DocumentNode } from "graphql";
import { ACTIVE_BULK_STATUSES, uploadKey } from "../bulk";
import { analyzeBulkQuery } from "../bulk-query";
import { bulkOperationSearch } from "../filters";
import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { BulkOperationRecord } from "../model";
import { adminSchema } from "../schema";
import { compileSearch, parseSearch, type SearchWarning } from "../search";
import { paginate, type PageArgs } from "./connection";
import { pathOf, userError, type Ctx, type ResolverMap } from "./context";

/** API 2026-01+: up to five bulk operations at a time per shop (queries and mutations together). */
export const MAX_CONCURRENT_BULK = 5;

function running(ctx: Ctx): number {
  let n = 0;
  for (const op of ctx.shop.bulkOperations.values()) if (ACTIVE_BULK_STATUSES.has(op.status)) n++;
  return n;
}

function newOperation(ctx: Ctx, type: "QUERY" | "MUTATION", query: string): BulkOperationRecord {
  const op: BulkOperationRecord = {
    __typename: "BulkOperation",
    id: ctx.shop.nextId("bulk"),
    type,
    status: "CREATED",
    errorCode: null,
    query,
    groupObjects: false,
    stagedUploadPath: null,
    clientIdentifier: null,
    createdAt: ctx.env.clock.now(),
    completedAt: null,
    objectCount: 0,
    rootObjectCount: 0,
    fileSize: null,
    url: null,
    partialDataUrl: null,
    scopes: ctx.scopes,
  };
  ctx.shop.bulkOperations.set(op.id, op);
  return op;
}

const LIMIT_MESSAGE = `A maximum of ${MAX_CONCURRENT_BULK} bulk operations can run at the same time on a shop. Wait for one to finish, or cancel one.`;

/** The signature a staged upload must carry (checked by the upload endpoint). */
export function uploadSignature(secret: string, key: string): string {
  return createHmac("sha256", secret).update(key).digest("hex");
}

/**
 * What BulkOperation.query keeps: the document as graphql-js prints it, so
 * comments and layout are gone. Shopify does not promise to keep the text as
 * sent, and apps must not find their operations by a comment in it.
 */
const normalized = (document: DocumentNode): string => print(document);

function checkBulkMutation(mutation: string): string | DocumentNode {
  let doc;
  try {
    doc = parse(mutation);
  } catch (error) {
    return `Invalid mutation: ${(error as Error).message}`;
  }
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (
    ops.length !== 1 ||
    ops[0]!.kind !== Kind.OPERATION_DEFINITION ||
    ops[0]!.operation !== "mutation"
  ) {
    return "The bulk mutation must be a single mutation operation.";
  }
  const fields = ops[0]!.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  if (fields.length !== 1) return "The bulk mutation must contain exactly one mutation field.";
  const name = fields[0]!.kind === Kind.FIELD ? fields[0]!.name.value : "";
  if (name === "bulkOperationRunQuery" || name === "bulkOperationRunMutation")
    return `${name} is not allowed in a bulk mutation.`;
  return doc;
}

export const bulkResolvers: ResolverMap = {
  QueryRoot: {
    bulkOperation: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "BulkOperation");
      return id === null ? null : (ctx.shop.bulkOperations.get(id) ?? null);
    },
    // Deprecated in favour of bulkOperations, but Shopify still answers it.
    currentBulkOperation: (_s: unknown, args: { type?: "QUERY" | "MUTATION" | null }, ctx: Ctx) => {
      const type = args.type ?? "QUERY";
      const ops = [...ctx.shop.bulkOperations.values()].filter((o) => o.type === type);
      return ops.sort((a, b) => b.id - a.id)[0] ?? null;
    },
    bulkOperations: (
      _s: unknown,
      args: PageArgs & { query?: string | null; sortKey?: string | null },
      ctx: Ctx,
      info,
    ) => {
      const warnings: SearchWarning[] = [];
      const matches = compileSearch(
        parseSearch(args.query),
        bulkOperationSearch(ctx.shop),
        warnings,
      );
      if (warnings.length)
        ctx.searchReports.push({ path: pathOf(info), query: args.query ?? "", warnings });
      const byCompleted = args.sortKey === "COMPLETED_AT";
      // "Defaults to sorting by created_at, with newest operations first."
      const ids = [...ctx.shop.bulkOperations.values()]
        .sort(
          (a, b) =>
            (byCompleted
              ? (b.completedAt ?? Infinity) - (a.completedAt ?? Infinity)
              : b.createdAt - a.createdAt) || b.id - a.id,
        )
        .map((o) => o.id);
      return paginate<BulkOperationRecord>({
        order: ids,
        idOrder: false,
        lookup: (id) => ctx.shop.bulkOperations.get(id),
        matches,
        cursorValue: (o) => o.createdAt,
        args,
      });
    },
  },
  Mutation: {
    bulkOperationRunQuery: (
      _s: unknown,
      args: { query: string; groupObjects: boolean },
      ctx: Ctx,
    ) => {
      if (running(ctx) >= MAX_CONCURRENT_BULK)
        return {
          bulkOperation: null,
          userErrors: [userError(null, LIMIT_MESSAGE, "LIMIT_REACHED")],
        };
      const plan = analyzeBulkQuery(adminSchema(), args.query);
      if (typeof plan === "string")
        return { bulkOperation: null, userErrors: [userError(["query"], plan, "INVALID")] };
      const op = newOperation(ctx, "QUERY", normalized(plan.document));
      op.groupObjects = args.groupObjects;
      ctx.env.bulk.startQuery(ctx.shop, op.id);
      return { bulkOperation: op, userErrors: [] };
    },
    bulkOperationRunMutation: (
      _s: unknown,
      args: { mutation: string; stagedUploadPath: string; clientIdentifier?: string | null },
      ctx: Ctx,
    ) => {
      if (running(ctx) >= MAX_CONCURRENT_BULK)
        return {
          bulkOperation: null,
          userErrors: [userError(null, LIMIT_MESSAGE, "LIMIT_REACHED")],
        };
      const checked = checkBulkMutation(args.mutation);
      if (typeof checked === "string")
        return {
          bulkOperation: null,
          userErrors: [userError(["mutation"], checked, "INVALID_MUTATION")],
        };
      const file = ctx.env.files.get(uploadKey(args.stagedUploadPath));
      if (!file) {
        return {
          bulkOperation: null,
          userErrors: [
            userError(
              ["stagedUploadPath"],
              "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
              "NO_SUCH_FILE",
            ),
          ],
        };
      }
      if (file.body.length > 100 * 1024 * 1024) {
        return {
          bulkOperation: null,
          userErrors: [
            userError(
              ["stagedUploadPath"],
              "The JSONL file exceeds 100MB.",
              "INVALID_STAGED_UPLOAD_FILE",
            ),
          ],
        };
      }
      const op = newOperation(ctx, "MUTATION", normalized(checked));
      op.stagedUploadPath = args.stagedUploadPath;
      op.clientIdentifier = args.clientIdentifier ?? null;
      ctx.env.bulk.startMutation(ctx.shop, op.id);
      return { bulkOperation: op, userErrors: [] };
    },
    bulkOperationCancel: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "BulkOperation");
      const op = id === null ? undefined : ctx.shop.bulkOperations.get(id);
      if (!op)
        return {
          bulkOperation: null,
          userErrors: [userError(["id"], "Bulk operation does not exist")],
        };
      if (op.status !== "CREATED" && op.status !== "RUNNING") {
        return {
          bulkOperation: op,
          userErrors: [
            userError(
              null,
              `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`,
            ),
          ],
        };
      }
      ctx.env.bulk.cancel(ctx.shop, op.id);
      return { bulkOperation: op, userErrors: [] };
    },
    stagedUploadsCreate: (
      _s: unknown,
      args: {
        input: {
          resource: string;
          filename: string;
          mimeType: string;
          httpMethod?: string | null;
        }[];
      },
      ctx: Ctx,
    ) => {
      const base = `${ctx.env.config.publicUrl()}/__uploads`;
      const targets = args.input.map((input) => {
        const key = `tmp/${ctx.shop.settings.id}/bulk/${randomUUID()}/${input.filename}`;
        const date = isoDate(ctx.env.clock.now()).replace(/[-:]/g, "");
        return {
          url: base,
          resourceUrl: `${base}/${key}`,
          parameters: [
            { name: "Content-Type", value: input.mimeType },
            { name: "success_action_status", value: "201" },
            { name: "acl", value: "private" },
            { name: "key", value: key },
            { name: "x-goog-date", value: date },
            {
              name: "x-goog-credential",
              value: `simulator/${date.slice(0, 8)}/auto/storage/goog4_request`,
            },
            { name: "x-goog-algorithm", value: "GOOG4-HMAC-SHA256" },
            { name: "x-goog-signature", value: uploadSignature(ctx.env.config.apiSecret, key) },
            {
              name: "policy",
              value: Buffer.from(
                JSON.stringify({ key, expiration: isoDate(ctx.env.clock.now() + 3_600_000) }),
              ).toString("base64"),
            },
          ],
        };
      });
      const unsupported = args.input.findIndex((i) => i.resource !== "BULK_MUTATION_VARIABLES");
      if (unsupported >= 0) {
        return {
          stagedTargets: null,
          userErrors: [
            userError(
              ["input", String(unsupported), "resource"],
              "Only BULK_MUTATION_VARIABLES uploads are simulated.",
            ),
          ],
        };
      }
      return { stagedTargets: targets, userErrors: [] };
    },
  },
  BulkOperation: {
    id: (o: BulkOperationRecord) => gid("BulkOperation", o.id),
    status: (o: BulkOperationRecord) => o.status,
    errorCode: (o: BulkOperationRecord) => o.errorCode,
    type: (o: BulkOperationRecord) => o.type,
    query: (o: BulkOperationRecord) => o.query,
    createdAt: (o: BulkOperationRecord) => isoDate(o.createdAt),
    completedAt: (o: BulkOperationRecord) =>
      o.completedAt === null ? null : isoDate(o.completedAt),
    objectCount: (o: BulkOperationRecord) => String(o.objectCount),
    rootObjectCount: (o: BulkOperationRecord) => String(o.rootObjectCount),
    fileSize: (o: BulkOperationRecord) => (o.fileSize === null ? null : String(o.fileSize)),
    url: (o: BulkOperationRecord) => o.url,
    partialDataUrl: (o: BulkOperationRecord) => o.partialDataUrl,
  },
};

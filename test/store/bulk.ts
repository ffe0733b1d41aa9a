/**
 * Runs bulk operations in the background: CREATED → RUNNING → COMPLETED
 * (or FAILED / CANCELED), writes the JSONL result into the file store and
 * sends bulk_operations/finish.
 */
import { analyzeBulkQuery, flattenBulkResult } from "./bulk-query";
import type { BulkRunner, Env } from "./env";
import { runOperation } from "./graphql";
import type { BulkOperationRecord } from "./model";
import { bulkFinishPayload } from "./payloads";
import { adminSchema } from "./schema";
import type { ShopStore } from "./state";

/** Lines of a bulk mutation processed per event-loop turn (keeps the server responsive). */
const MUTATION_CHUNK = 200;

export const ACTIVE_BULK_STATUSES = new Set(["CREATED", "RUNNING", "CANCELING"]);

export function uploadKey(stagedUploadPath: string): string {
  return `uploads/${stagedUploadPath}`;
}

export function resultKey(shop: ShopStore, op: BulkOperationRecord): string {
  return `bulk/${shop.settings.id}/${op.id}.jsonl`;
}

export class BulkEngine implements BulkRunner {
  private env: Env | null = null;
  private readonly pending = new Set<Promise<void>>();

  attach(env: Env): void {
    this.env = env;
  }

  startQuery(shop: ShopStore, opId: number): void {
    this.track(this.run(shop, opId, (op) => this.runQuery(shop, op)));
  }

  startMutation(shop: ShopStore, opId: number): void {
    this.track(this.run(shop, opId, (op) => this.runMutation(shop, op)));
  }

  cancel(shop: ShopStore, opId: number): void {
    const op = shop.bulkOperations.get(opId);
    if (op && (op.status === "CREATED" || op.status === "RUNNING")) op.status = "CANCELING";
  }

  /** Resolves when every started operation has finished (for tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private get ctx(): Env {
    if (!this.env) throw new Error("BulkEngine used before attach()");
    return this.env;
  }

  private async run(
    shop: ShopStore,
    opId: number,
    work: (op: BulkOperationRecord) => Promise<string[] | null>,
  ): Promise<void> {
    const op = shop.bulkOperations.get(opId);
    if (!op) return;
    const started = Date.now();
    await tick();
    if (op.status === "CANCELING") return this.finish(shop, op, "CANCELED", null);
    op.status = "RUNNING";
    let lines: string[] | null;
    try {
      lines = await work(op);
    } catch {
      return this.finish(shop, op, "FAILED", null, "INTERNAL_SERVER_ERROR");
    }
    const wait = shop.settings.bulkMinDurationMs - (Date.now() - started);
    if (wait > 0) await this.sleepUnlessCanceled(op, wait);
    if (canceling(op) || lines === null) return this.finish(shop, op, "CANCELED", lines);
    return this.finish(shop, op, "COMPLETED", lines);
  }

  private async sleepUnlessCanceled(op: BulkOperationRecord, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && op.status !== "CANCELING") {
      await new Promise((r) => setTimeout(r, Math.min(20, until - Date.now())));
    }
  }

  private finish(
    shop: ShopStore,
    op: BulkOperationRecord,
    status: BulkOperationRecord["status"],
    lines: string[] | null,
    errorCode: BulkOperationRecord["errorCode"] = null,
  ): void {
    const env = this.ctx;
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = env.clock.now();
    if (lines && lines.length) {
      const body = lines.join("\n") + "\n";
      const key = resultKey(shop, op);
      env.files.put(key, body);
      const url = `${env.config.publicUrl()}/__files/${key}`;
      op.fileSize = Buffer.byteLength(body);
      if (status === "COMPLETED") op.url = url;
      else op.partialDataUrl = url;
    }
    env.webhooks.emit(shop, "bulk_operations/finish", bulkFinishPayload(op));
  }

  private async runQuery(shop: ShopStore, op: BulkOperationRecord): Promise<string[]> {
    const plan = analyzeBulkQuery(adminSchema(), op.query);
    if (typeof plan === "string") throw new Error(plan);
    const result = runOperation(this.ctx, shop, op.query, {}, { bulk: true });
    if (result.errors?.length || !result.data)
      throw new Error(result.errors?.[0]?.message ?? "bulk query failed");
    const { lines, rootObjectCount } = flattenBulkResult(plan, result.data, op.groupObjects);
    op.objectCount = lines.length;
    op.rootObjectCount = rootObjectCount;
    return lines;
  }

  /** Each JSONL line is one execution of the mutation; results keep the input line number. */
  private async runMutation(shop: ShopStore, op: BulkOperationRecord): Promise<string[] | null> {
    const file = this.ctx.files.get(uploadKey(op.stagedUploadPath ?? ""));
    if (!file) throw new Error("staged upload vanished");
    const input = file.body.toString("utf8").split("\n");
    const out: string[] = [];
    for (let i = 0; i < input.length; i++) {
      if (i % MUTATION_CHUNK === 0 && i > 0) {
        await tick();
        if (canceling(op)) return null;
      }
      const raw = input[i]!.trim();
      if (raw === "") continue;
      let variables: unknown;
      try {
        variables = JSON.parse(raw);
      } catch {
        out.push(
          JSON.stringify({ errors: [{ message: `Invalid JSON on line ${i}` }], __lineNumber: i }),
        );
        continue;
      }
      if (!variables || typeof variables !== "object" || Array.isArray(variables)) {
        out.push(
          JSON.stringify({
            errors: [{ message: "Each line must be a JSON object of variables" }],
            __lineNumber: i,
          }),
        );
        continue;
      }
      const result = runOperation(this.ctx, shop, op.query, variables as Record<string, unknown>);
      const line: Record<string, unknown> = {};
      if (result.errors) line.errors = result.errors;
      if (result.data !== undefined) line.data = result.data;
      line.__lineNumber = i;
      out.push(JSON.stringify(line));
      op.objectCount++;
      op.rootObjectCount++;
    }
    return out;
  }
}

/** Read through a function: the status changes while we await. */
function canceling(op: BulkOperationRecord): boolean {
  return op.status === "CANCELING";
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

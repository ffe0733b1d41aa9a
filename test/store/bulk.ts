/**
 * Runs bulk operations in the background: CREATED → RUNNING → COMPLETED
 * (or FAILED / CANCELED), writes the JSONL result into the file store and
 * sends bulk_operations/finish.
 *
 * Operations run with the scopes of the token that started them; one whose
 * document needs a scope it lacks FAILS with errorCode ACCESS_DENIED and no
 * data (BulkOperationErrorCode.ACCESS_DENIED in the schema). An operation
 * cancelled or failed after producing lines keeps them at `partialDataUrl`
 * ("the partial or incomplete response data … returned by a failed operation").
 */
import { parse } from "graphql";
import { analyzeBulkQuery, flattenBulkResult } from "./bulk-query";
import {
  BulkFailure,
  canceling,
  runMutationLines,
  sleepUnlessCanceled,
  tick,
} from "./bulk-mutation";
import type { BulkRunner, Env } from "./env";
import { runOperation } from "./graphql";
import type { BulkOperationRecord } from "./model";
import { bulkFinishPayload } from "./payloads";
import { adminSchema } from "./schema";
import { firstDeniedField } from "./scopes";
import type { ShopStore } from "./state";

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
    this.track(this.run(shop, opId, (op, out) => this.runQuery(shop, op, out)));
  }

  startMutation(shop: ShopStore, opId: number): void {
    this.track(
      this.run(shop, opId, (op, out) => {
        const file = this.ctx.files.get(uploadKey(op.stagedUploadPath ?? ""));
        if (!file) throw new Error("staged upload vanished");
        const input = file.body.toString("utf8");
        return runMutationLines(this.ctx, shop, op, input, out, failAfter(this.ctx, shop));
      }),
    );
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

  /** `work` appends result lines to `out` as it goes, so a failure or cancel keeps what ran. */
  private async run(
    shop: ShopStore,
    opId: number,
    work: (op: BulkOperationRecord, out: string[]) => Promise<void>,
  ): Promise<void> {
    const op = shop.bulkOperations.get(opId);
    if (!op) return;
    const started = Date.now();
    await tick();
    if (op.status === "CANCELING") return this.finish(shop, op, "CANCELED", []);
    op.status = "RUNNING";
    if (firstDeniedField(parse(op.query), op.scopes))
      return this.finish(shop, op, "FAILED", [], "ACCESS_DENIED");
    const lines: string[] = [];
    try {
      await work(op, lines);
    } catch (error) {
      const code = error instanceof BulkFailure ? error.code : "INTERNAL_SERVER_ERROR";
      return this.finish(shop, op, "FAILED", lines, code);
    }
    const wait = shop.settings.bulkMinDurationMs - (Date.now() - started);
    if (wait > 0) await sleepUnlessCanceled(op, wait);
    return this.finish(shop, op, canceling(op) ? "CANCELED" : "COMPLETED", lines);
  }

  private finish(
    shop: ShopStore,
    op: BulkOperationRecord,
    status: BulkOperationRecord["status"],
    lines: string[],
    errorCode: BulkOperationRecord["errorCode"] = null,
  ): void {
    const env = this.ctx;
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = env.clock.now();
    if (lines.length) {
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

  private async runQuery(shop: ShopStore, op: BulkOperationRecord, out: string[]): Promise<void> {
    const plan = analyzeBulkQuery(adminSchema(), op.query);
    if (typeof plan === "string") throw new Error(plan);
    const result = runOperation(this.ctx, shop, op.query, {}, { bulk: true, scopes: op.scopes });
    if (result.errors?.some((e) => e.extensions?.code === "ACCESS_DENIED"))
      throw new BulkFailure("ACCESS_DENIED");
    if (result.errors?.length || !result.data)
      throw new Error(result.errors?.[0]?.message ?? "bulk query failed");
    const { lines, rootObjectCount } = flattenBulkResult(plan, result.data, op.groupObjects);
    const limit = failAfter(this.ctx, shop);
    out.push(...(limit === null ? lines : lines.slice(0, limit)));
    op.objectCount = out.length;
    op.rootObjectCount = rootObjectCount;
    if (limit !== null && lines.length > limit) throw new BulkFailure("INTERNAL_SERVER_ERROR");
  }
}

function failAfter(env: Env, shop: ShopStore): number | null {
  return env.faults(shop)?.current.bulkFailAfterLines ?? null;
}

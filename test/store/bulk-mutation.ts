/**
 * The lines of a bulk mutation (https://shopify.dev/docs/api/usage/bulk-operations/imports):
 * each JSONL line is one execution of the mutation, and its result line keeps
 * the input line number in `__lineNumber`.
 *
 * - Lines run progressively in small chunks spread over the shop's
 *   `bulkMinDurationMs` (at once, 200 per event-loop turn, without it), so a
 *   cancel mid-way leaves some lines done and the others never run.
 * - Shopify does not process the lines serially, so results are not written
 *   in input order: each chunk's results are shuffled (seeded by the
 *   operation id, so a run is reproducible). Apps must match by __lineNumber.
 * - Before each chunk and after the last, `env.bulkMutationProgress` is told
 *   how far the run is (staff edits queued for "during the next bulk
 *   mutation" and the `duringBulkMutation` test hook act there).
 */
import type { Env } from "./env";
import { runOperation } from "./graphql";
import type { BulkOperationRecord } from "./model";
import { Random } from "./random";
import type { ShopStore } from "./state";

/** Lines per event-loop turn when the operation has no minimum run time. */
const CHUNK = 200;
/** With a run time, a chunk every ~20 ms at most (timers are not finer). */
const SLICE_MS = 20;

/** Ends an operation as FAILED with this code; the lines written so far become partial data. */
export class BulkFailure extends Error {
  constructor(readonly code: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT") {
    super(code);
  }
}

/** Read through a function: the status changes while we await. */
export function canceling(op: BulkOperationRecord): boolean {
  return op.status === "CANCELING";
}

export async function sleepUnlessCanceled(op: BulkOperationRecord, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !canceling(op)) {
    await new Promise((r) => setTimeout(r, Math.min(SLICE_MS, until - Date.now())));
  }
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs the lines of `input`, appending result lines to `out` chunk by chunk.
 * Returns early when the operation is cancelled; throws BulkFailure when the
 * shop's `bulkFailAfterLines` fault is reached.
 */
export async function runMutationLines(
  env: Env,
  shop: ShopStore,
  op: BulkOperationRecord,
  input: string,
  out: string[],
  failAfter: number | null,
): Promise<void> {
  const rows = input.split("\n");
  const total = rows.length;
  const duration = shop.settings.bulkMinDurationMs;
  const size =
    duration > 0 ? Math.min(CHUNK, Math.max(1, Math.ceil((total * SLICE_MS) / duration))) : CHUNK;
  const random = new Random(op.id);
  const started = Date.now();
  const progress = async (linesDone: number) => {
    const wait = env.bulkMutationProgress?.(shop, op, linesDone, total);
    if (wait) await wait;
  };
  for (let from = 0; from < total; from += size) {
    if (from > 0) {
      // The chunk starting at line `from` is due at that share of the run time.
      const due = started + (duration * from) / total - Date.now();
      await (due > 0 ? sleepUnlessCanceled(op, due) : tick());
      if (canceling(op)) return;
    }
    await progress(from);
    if (canceling(op)) return;
    const done: string[] = [];
    try {
      for (let i = from; i < Math.min(total, from + size); i++) {
        if (failAfter !== null && out.length + done.length >= failAfter)
          throw new BulkFailure("INTERNAL_SERVER_ERROR");
        const line = runLine(env, shop, op, rows[i]!, i);
        if (line !== null) done.push(line);
      }
    } finally {
      out.push(...outOfOrder(done, random));
    }
  }
  await progress(total);
}

function runLine(
  env: Env,
  shop: ShopStore,
  op: BulkOperationRecord,
  row: string,
  lineNumber: number,
): string | null {
  const raw = row.trim();
  if (raw === "") return null;
  let variables: unknown;
  try {
    variables = JSON.parse(raw);
  } catch {
    return JSON.stringify({
      errors: [{ message: `Invalid JSON on line ${lineNumber}` }],
      __lineNumber: lineNumber,
    });
  }
  if (!variables || typeof variables !== "object" || Array.isArray(variables)) {
    return JSON.stringify({
      errors: [{ message: "Each line must be a JSON object of variables" }],
      __lineNumber: lineNumber,
    });
  }
  const result = runOperation(env, shop, op.query, variables as Record<string, unknown>, {
    scopes: op.scopes,
  });
  const line: Record<string, unknown> = {};
  if (result.errors) line.errors = result.errors;
  if (result.data !== undefined) line.data = result.data;
  line.__lineNumber = lineNumber;
  op.objectCount++;
  op.rootObjectCount++;
  return JSON.stringify(line);
}

/** A seeded shuffle that never keeps the input order (two or more lines). */
function outOfOrder(lines: string[], random: Random): string[] {
  if (lines.length < 2) return lines;
  const shuffled = random.shuffle([...lines]);
  if (shuffled.every((line, i) => line === lines[i])) shuffled.push(shuffled.shift()!);
  return shuffled;
}

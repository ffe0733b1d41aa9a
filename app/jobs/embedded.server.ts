import db from "../db/db.server";
import { env } from "../env.server";
import { receivingBurst } from "../webhooks/receive.server";
import type { WorkerParts } from "./worker.server";
import { closeMailTransports } from "../mail/mail.server";
import { getQueue } from "./queue.server";
import { startWorker } from "./worker.server";

declare global {
  var patronEmbeddedWorker: Promise<unknown> | undefined;
}

/**
 * Without Redis the app process is its own worker (one process to run).
 * With REDIS_URL, `npm run worker` processes do the work instead;
 * PATRON_EMBEDDED_WORKER=false turns it off for a separate local worker too.
 */
export function ensureEmbeddedWorker(parts: WorkerParts) {
  if (env.REDIS_URL || process.env.PATRON_EMBEDDED_WORKER === "false" || env.NODE_ENV === "test")
    return;
  const concurrency = Number(process.env.PATRON_WORKER_CONCURRENCY ?? 8);
  globalThis.patronEmbeddedWorker ??= startWorker(db, getQueue(), parts, {
    concurrency,
    yieldWhile: receivingBurst,
  }).then(
    (worker) => {
      // The server stops on these signals; the worker hands its tasks back so the process can exit.
      for (const signal of ["SIGTERM", "SIGINT"] as const)
        process.once(signal, () => {
          closeMailTransports();
          void worker.stop();
        });
      return worker;
    },
    (error: Error) => {
      console.error(`the embedded worker did not start: ${error.message}`);
      globalThis.patronEmbeddedWorker = undefined;
    },
  );
}

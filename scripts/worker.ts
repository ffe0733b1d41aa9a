// `npm run worker`: a process that only runs background tasks (jobs, webhooks).
// Run any number of them beside the app when REDIS_URL is set; without it the
// app runs its own worker, and this one can share the database queue.
import db from "../app/db/db.server";
import { FEATURES } from "../app/features.server";
import { getQueue } from "../app/jobs/queue.server";
import { closeMailTransports } from "../app/mail/mail.server";
import { startWorker } from "../app/jobs/worker.server";

const concurrency = Number(process.env.PATRON_WORKER_CONCURRENCY ?? 8);
const queue = getQueue();
// PATRON_WORKER_SHOPS: a worker dedicated to some shops (database queue only).
const shops = process.env.PATRON_WORKER_SHOPS?.split(",").filter(Boolean);
const worker = await startWorker(db, queue, FEATURES, {
  concurrency,
  workerId: process.env.WORKER_ID,
  shops,
});
console.log(
  `worker ${process.env.WORKER_ID ?? process.pid} running (${process.env.REDIS_URL ? "BullMQ" : "database queue"}, concurrency ${concurrency})`,
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("worker stopping: finishing the calls in flight");
    await worker.stop();
    closeMailTransports();
    await queue.close();
    await db.$disconnect();
    process.exit(0);
  });
}

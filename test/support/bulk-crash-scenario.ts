import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db/db.server";
import { createJob } from "../../app/jobs/jobs.server";
import { getQueue } from "../../app/jobs/queue.server";
import { spawnWorker, type WorkerProcess } from "./crash";
import { customerIds, installApp, invitable, invitesPerCustomer } from "./jobs";
import { useStoreSimulator } from "./store-simulator";

type Phase = "submission" | "running" | "results";

/**
 * kill -9 of the worker at the three moments of a bulk mutation: while
 * Shopify starts it (the worker never hears the operation's id), while it
 * runs, and while the worker reads its results. A new worker must finish the
 * job with every customer invited exactly once.
 */
export function bulkCrashScenario(driver: string, shop: string, env: () => Record<string, string>) {
  describe(`kill -9 of the worker during a bulk mutation (${driver})`, () => {
    const simulator = useStoreSimulator([
      {
        domain: shop,
        plan: "STANDARD",
        // Long enough to be killed while it runs.
        bulkMinDurationMs: 1_500,
        seed: { customers: 2000, seed: 13 },
      },
    ]);
    const kills: Record<Phase, number> = { submission: 0, running: 0, results: 0 };
    beforeAll(() => installApp(shop.replace(".myshopify.com", "")));
    afterAll(async () => {
      simulator().setHooks({});
      console.log(`${driver}: bulk mode kills ${JSON.stringify(kills)}`);
      await getQueue().close();
    });

    const workerEnv = (id: string) => ({
      STORE_SIMULATOR_URL: simulator().url,
      DATABASE_URL: process.env.DATABASE_URL!,
      PATRON_WORKER_SHOPS: shop,
      PATRON_LEASE_MS: "1500",
      PATRON_BULK_POLL_MS: "200",
      PATRON_RECONCILE_GRACE_MS: "500",
      WORKER_ID: id,
      ...env(),
    });

    async function finishWith(id: string, jobId: string) {
      const worker = spawnWorker(workerEnv(id));
      try {
        await worker.ready;
        for (let i = 0; i < 600; i++) {
          const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
          if (["completed", "failed", "cancelled"].includes(job.status)) return job;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`job ${jobId} did not finish`);
      } finally {
        worker.child.kill("SIGTERM");
        await worker.exited;
      }
    }

    async function kill(worker: WorkerProcess, phase: Phase) {
      if (worker.child.exitCode !== null || worker.child.signalCode) return;
      worker.child.kill("SIGKILL");
      await worker.exited;
      kills[phase]++;
    }

    it.each([
      ["submission", 0],
      ["running", 1],
      ["results", 2],
    ] as const)(
      "GIVEN the worker killed during the bulk operation's %s THEN a new worker finishes the job, every customer invited once",
      async (phase, slice) => {
        const all = customerIds(simulator().shop(shop), invitable);
        const invited = all.slice(slice * 300, slice * 300 + 300);
        // Customers Shopify refuses (already enabled), spread through the file: a
        // result matched to the wrong item would show as a wrong outcome.
        const enabled = customerIds(simulator().shop(shop), (c) => c.state === "ENABLED").slice(
          slice * 6,
          slice * 6 + 6,
        );
        const targets = invited.flatMap((t, i) =>
          i % 50 === 0 && enabled[i / 50] ? [t, enabled[i / 50]!] : [t],
        );
        const job = await createJob(
          { db, queue: getQueue() },
          {
            shop,
            kind: "invite",
            mode: "bulk",
            targets: targets.map((target) => ({ target, data: { state: "DISABLED" } })),
          },
        );
        const worker = spawnWorker(workerEnv(`bulk-${phase}-1`));
        let downloads = 0;
        const store = simulator().shop(shop);
        simulator().setHooks({
          // Shopify starts the operation, but the worker that asked is gone.
          beforeGraphQL: async (_domain, body) => {
            if (phase === "submission" && body.query?.includes("bulkOperationRunMutation"))
              await kill(worker, phase);
          },
          // The first download of the results breaks half-way (the worker has
          // recorded part of them); the second one's reader is killed.
          beforeFile: async () => {
            if (phase !== "results") return;
            if (++downloads === 1) return { breakAfter: 20_000 };
            await kill(worker, phase);
          },
        });
        await worker.ready;
        for (let i = 0; i < 300 && kills[phase] === 0; i++) {
          if (phase === "running") {
            const running = [...store.bulkOperations.values()].some(
              (op) => op.status === "RUNNING" && op.objectCount > 0,
            );
            if (running) await kill(worker, phase);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        simulator().setHooks({});
        expect(kills[phase]).toBe(1);

        const done = await finishWith(`bulk-${phase}-2`, job.id);
        expect(done.status).toBe("completed");
        const sent = invitesPerCustomer(simulator().outbox(shop));
        expect(invited.filter((t) => sent.get(t) !== 1)).toEqual([]);
        const items = await db.jobItem.findMany({ where: { jobId: job.id } });
        const failed = items.filter((i) => i.status === "failed").map((i) => i.target);
        expect(failed.sort()).toEqual([...enabled].sort());
        expect(items.filter((i) => i.status === "succeeded")).toHaveLength(invited.length);
        // One operation, adopted after the crash rather than started again.
        const operations = [...store.bulkOperations.values()].filter(
          (op) =>
            op.type === "MUTATION" && op.query.includes(job.id.replace(/[^_0-9A-Za-z]/g, "_")),
        );
        expect(operations).toHaveLength(1);
      },
      60_000,
    );
  });
}

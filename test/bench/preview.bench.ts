// How soon a campaign's preview shows its counts on a 100,000-customer store:
// the counts come from Shopify's segment counts (a handful of queries), so
// they should not wait for the audience. Baseline, in the same run: the read
// of every customer in the audience, which fills in the final figures.
import { startStoreSimulator } from "../store";
import { routeShopsTo } from "../store/route-shops";
import { prepareAppEnv } from "./app-env";

const CUSTOMERS = Number(process.env.BENCH_PREVIEW_CUSTOMERS ?? 100_000);
const SHOP = "bench-preview.myshopify.com";
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);

export async function previewBench() {
  const { apiKey, apiSecret } = prepareAppEnv();
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey,
    apiSecret,
    shops: [
      {
        domain: SHOP,
        plan: "STANDARD",
        latencyMs: LATENCY_MS,
        seed: { customers: CUSTOMERS, seed: 12 },
      },
    ],
  });
  routeShopsTo(sim.url);
  const { default: db } = await import("../../app/db/db.server");
  const { LocalQueue } = await import("../../app/jobs/local-queue.server");
  const { taskHandlers } = await import("../../app/jobs/worker.server");
  const { FEATURES } = await import("../../app/features.server");
  const { installApp } = await import("../support/jobs");
  const { executorFor } = await import("../../app/admin-api/client.server");
  const { storeOverviewVia } = await import("../../app/shop/store-overview.server");
  const { createCampaign, NewCampaign } = await import("../../app/invitations/campaigns.server");
  await installApp(SHOP.replace(".myshopify.com", ""));
  const queue = new LocalQueue(db, { pollMs: 20 });
  const worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
    concurrency: 4,
    workerId: "bench-preview",
  });
  const executor = executorFor(SHOP);
  const store = await storeOverviewVia(executor);

  // What the merchant waits for after "Preview the audience": the campaign
  // is made with its instant counts, then its page shows them.
  const preview = async (source: object) => {
    const started = performance.now();
    const campaign = await createCampaign(
      { db, queue, executor },
      SHOP,
      NewCampaign.parse({
        name: "Preview",
        audience: {
          source,
          exclusions: { declined: true, recentDays: 30, requireConsent: true, excludeTag: null },
        },
        message: { fallback: { subject: "", body: "" }, byLocale: {} },
      }),
      { store, staff: "user:bench" },
    );
    const shown = performance.now() - started;
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    const instant = JSON.parse(row.instantCounts ?? "null") as { total: number } | null;
    if (!instant) throw new Error("no instant counts");
    for (;;) {
      const job = await db.job.findUniqueOrThrow({ where: { id: campaign.jobId! } });
      if (job.status === "ready") {
        const read = (job.updatedAt.getTime() - job.createdAt.getTime()) / 1000;
        return { shownMs: Math.round(shown), total: instant.total, readSeconds: read };
      }
      if (job.status !== "preparing") throw new Error(`audience read ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  try {
    const all = await preview({ type: "all" });
    console.info(`  all customers: counts in ${all.shownMs} ms, read in ${all.readSeconds} s`);
    const tags = await preview({ type: "tags", tags: ["newsletter", "VIP"], match: "any" });
    console.info(`  two tags: counts in ${tags.shownMs} ms, read in ${tags.readSeconds} s`);
    const row = (name: string, ms: number, n: number) => ({
      name,
      requests: n,
      perSecond: n / (ms / 1000),
      p50Ms: ms,
      p99Ms: ms,
      errors: 0,
    });
    return {
      rows: [
        row(`preview counts, all ${all.total} customers`, all.shownMs, all.total),
        row(`preview read of every customer (baseline)`, all.readSeconds * 1000, all.total),
        row(`preview counts, two tags (${tags.total})`, tags.shownMs, tags.total),
        row(`preview read, two tags (baseline)`, tags.readSeconds * 1000, tags.total),
      ],
      figures: {
        previewCountsMs: Math.max(all.shownMs, tags.shownMs),
        previewReadMs: Math.round(all.readSeconds * 1000),
        previewCountsVsReadRatio: Math.round((all.shownMs / (all.readSeconds * 1000)) * 1000) / 1000,
      },
    };
  } finally {
    await worker.stop();
    await sim.stop();
  }
}

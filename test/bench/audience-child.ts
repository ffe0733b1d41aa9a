// Child process of the audience benchmark: reads a 100,000-customer audience
// with a bulk query and streams it into job items, then reports its peak RSS.
// Run with `--import tsx --import ./test/store/route-shops.ts` and STORE_SIMULATOR_URL.
import { prepareAppEnv } from "./app-env";

prepareAppEnv({ PATRON_BULK_POLL_MS: "200", PATRON_BULK_QUERY_THRESHOLD: "10000" });
const shop = process.env.BENCH_SHOP!;
const { default: db } = await import("../../app/db/db.server");
const { executorFor } = await import("../../app/admin-api/client.server");
const { AudienceNotReady, prepareAudience } = await import("../../app/jobs/audience.server");
const { installApp } = await import("../support/jobs");

await installApp(shop.replace(".myshopify.com", ""));
const job = await db.job.create({
  data: { shop, kind: "invite", params: "{}", status: "preparing" },
});
const signal = new AbortController().signal;
const context = { db, shop, executor: executorFor(shop).bind(signal), params: {}, signal };
globalThis.gc?.();
const baselineRssMb = process.memoryUsage().rss / 1048576;
const started = performance.now();
if (process.env.BENCH_MEMORY_TRACE) {
  setInterval(() => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    console.error(
      `rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`,
    );
  }, 500).unref();
}
let items = 0;
for (;;) {
  try {
    items = await prepareAudience(context, job.id, { query: "" });
    break;
  } catch (error) {
    if (!(error instanceof AudienceNotReady)) throw error;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, error.retryAt.getTime() - Date.now())),
    );
  }
}
const stored = await db.jobItem.count({ where: { jobId: job.id } });
console.log(
  JSON.stringify({
    items,
    stored,
    seconds: (performance.now() - started) / 1000,
    baselineRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);

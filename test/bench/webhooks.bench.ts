// Webhook ingest against the running app (production build, SQLite, its own
// worker): signed deliveries with 10 % duplicates, accepted per second and
// latency, then every unique delivery handled exactly once.
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDemo } from "../store/demo";
import { prepareAppEnv } from "./app-env";
import { loadEach } from "./load";

const DELIVERIES = Number(process.env.BENCH_WEBHOOKS ?? 10_000);
const CONNECTIONS = 16;

export async function webhooksBench() {
  prepareAppEnv();
  const dir = mkdtempSync(path.join(tmpdir(), "patron-bench-webhooks-"));
  const databaseUrl = `file:${path.join(dir, "app.db")}`;
  console.info("  building and starting the app");
  const demo = await startDemo({ customers: 10, databaseUrl });
  const { createDatabase } = await import("../../app/db/db.server");
  const db = createDatabase(databaseUrl);
  try {
    // Signed before the clock starts: the load generator measures the app, not its own HMAC work.
    const unique = Math.round(DELIVERIES * 0.9);
    const deliveries = Array.from({ length: unique }, (_, i) => {
      const body = JSON.stringify({
        shop_id: 1,
        shop_domain: demo.shop,
        customer: { id: 100_000 + i, email: `c${i}@example.com` },
        orders_requested: [],
        data_request: { id: i },
      });
      return {
        path: "/webhooks/customers/data_request",
        body,
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": "customers/data_request",
          "x-shopify-shop-domain": demo.shop,
          "x-shopify-api-version": "2026-10",
          "x-shopify-webhook-id": randomUUID(),
          "x-shopify-hmac-sha256": createHmac("sha256", demo.apiSecret)
            .update(body)
            .digest("base64"),
        },
      };
    });
    // Shopify redelivers: the same webhook id again, a little later.
    for (let i = 0; i < DELIVERIES - unique; i++) {
      const at = unique + i;
      deliveries.splice(Math.min(deliveries.length, at), 0, deliveries[(i * 7919) % unique]!);
    }

    // Same run, same app: the server's ceiling, deliveries with a wrong
    // signature (answered 401 before the database is touched). The machine's
    // speed varies from run to run; the ratio to this does not.
    const forged = deliveries.slice(0, 3_000).map((d) => ({
      ...d,
      headers: { ...d.headers, "x-shopify-hmac-sha256": "Zm9yZ2Vk" },
    }));
    await loadEach(demo.appUrl, forged.slice(0, 2_000), {
      connections: CONNECTIONS,
      expected: 401,
    }); // warm-up: both runs start with a warm JIT
    const ceiling = await loadEach(demo.appUrl, forged, {
      connections: CONNECTIONS,
      expected: 401,
    });
    const result = await loadEach(demo.appUrl, deliveries, { connections: CONNECTIONS });

    // The worker handles them after the answers: wait until the queue is empty.
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const open = await db.task.count({
        where: { name: "webhook", status: { in: ["queued", "leased"] } },
      });
      if (process.env.BENCH_TRACE) console.info(`  open ${open}`);
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const tasks = await db.task.groupBy({ by: ["status"], _count: { _all: true } });
    console.info(`  tasks: ${tasks.map((t) => `${t.status} ${t._count._all}`).join(", ")}`);
    const handled = await db.complianceRequest.findMany({ select: { customerId: true } });
    const distinct = new Set(handled.map((r) => r.customerId)).size;
    return {
      rows: [
        { name: "webhooks: forged signatures, answered 401 (baseline)", ...ceiling },
        { name: `webhooks: ${deliveries.length} signed deliveries, 10 % duplicates`, ...result },
      ],
      figures: {
        webhooksPerSec: Math.round(result.perSecond),
        webhookP99Ms: Math.round(result.p99Ms * 10) / 10,
        webhookCeilingPerSec: Math.round(ceiling.perSecond),
        webhookCeilingP99Ms: Math.round(ceiling.p99Ms * 10) / 10,
        webhooksPctOfCeiling: Math.round((result.perSecond / ceiling.perSecond) * 1000) / 10,
        webhooksLost: unique - distinct,
        webhooksDoubled: handled.length - distinct,
      },
    };
  } finally {
    await db.$disconnect();
    await demo.stop();
  }
}

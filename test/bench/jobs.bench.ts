// Invitation campaigns at the shop's rate limit (made, previewed and sent as a
// merchant does), against the budget-limited maximum and a naive client in the
// same run; and fairness: a small shop's job while large ones run, against the
// same job alone.
import { startStoreSimulator, type StoreSimulator } from "../store";
import { routeShopsTo } from "../store/route-shops";
import { prepareAppEnv } from "./app-env";

const INVITES = Number(process.env.BENCH_INVITES ?? 10_000);
const SMALL = Number(process.env.BENCH_SMALL_JOB ?? 300);
const INVITE_COST = 10; // Shopify's cost of a mutation
// What a real Admin API mutation takes to answer; without it a one-at-a-time client looks as good as any.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);

const INVITE = `mutation Invite($customerId: ID!) {
  customerSendAccountInviteEmail(customerId: $customerId) { customer { id } userErrors { message } }
}`;

const shops = {
  standard: "bench-standard.myshopify.com",
  plus: "bench-plus.myshopify.com",
  bulk: "bench-bulk.myshopify.com",
  baseline: "bench-baseline.myshopify.com",
  smallSolo: "bench-small-solo.myshopify.com",
  smallBusy: "bench-small-busy.myshopify.com",
};

type Store = ReturnType<StoreSimulator["shop"]>;
function invitable(store: Store, n: number, tag?: string) {
  const ids: string[] = [];
  for (const c of store.customers.values()) {
    if (c.state === "DISABLED" && c.email) {
      ids.push(`gid://shopify/Customer/${c.id}`);
      if (tag) store.addCustomerTags(c, [tag]);
    }
    if (ids.length === n) break;
  }
  if (ids.length < n) throw new Error(`only ${ids.length} invitable customers`);
  return ids;
}

const CAMPAIGN_TAG = "bench-campaign";

function outboxFigures(sim: StoreSimulator, shop: string, targets: string[]) {
  const counts = new Map<string, number>();
  for (const email of sim.outbox(shop))
    counts.set(email.customerId, (counts.get(email.customerId) ?? 0) + 1);
  let duplicates = 0;
  for (const n of counts.values()) duplicates += n - 1;
  return { duplicates, lost: targets.filter((t) => !counts.has(t)).length };
}

/** The budget-limited shortest time for n calls: what the full bucket does not cover, at the restore rate. */
function minimumSeconds(n: number, bucket: number, restoreRate: number) {
  return Math.max(0, n * INVITE_COST - bucket) / restoreRate;
}

/** The naive client: one call at a time, and one second's sleep whenever Shopify throttles. */
async function naiveInvites(shop: string, token: string, targets: string[]) {
  let throttled = 0;
  for (const customerId of targets) {
    for (;;) {
      const response = await fetch(`https://${shop}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ query: INVITE, variables: { customerId } }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
        throttled++;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      break;
    }
  }
  return throttled;
}

export async function jobsBench() {
  const { apiKey, apiSecret } = prepareAppEnv();
  const seed = { customers: Math.ceil(INVITES * 1.6), seed: 5 };
  const latencyMs = LATENCY_MS;
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey,
    apiSecret,
    shops: [
      { domain: shops.standard, plan: "STANDARD", latencyMs, seed },
      { domain: shops.plus, plan: "PLUS", latencyMs, seed },
      { domain: shops.bulk, plan: "STANDARD", latencyMs, seed },
      { domain: shops.baseline, plan: "STANDARD", latencyMs, seed },
      {
        domain: shops.smallSolo,
        plan: "STANDARD",
        latencyMs,
        seed: { customers: SMALL * 2, seed: 6 },
      },
      {
        domain: shops.smallBusy,
        plan: "STANDARD",
        latencyMs,
        seed: { customers: SMALL * 2, seed: 6 },
      },
    ],
  });
  routeShopsTo(sim.url);
  const { default: db } = await import("../../app/db/db.server");
  const { createJob } = await import("../../app/jobs/jobs.server");
  const { LocalQueue } = await import("../../app/jobs/local-queue.server");
  const { taskHandlers } = await import("../../app/jobs/worker.server");
  const { FEATURES } = await import("../../app/features.server");
  const { installApp } = await import("../support/jobs");
  const { executorFor } = await import("../../app/admin-api/client.server");
  const { storeOverviewVia } = await import("../../app/shop/store-overview.server");
  const { createCampaign, NewCampaign, sendCampaign } =
    await import("../../app/invitations/campaigns.server");
  for (const shop of Object.values(shops)) await installApp(shop.replace(".myshopify.com", ""));

  const queue = new LocalQueue(db, { pollMs: 20 });
  const worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
    concurrency: 4,
    workerId: "bench",
  });
  const runJob = async (shop: string, targets: string[]) => {
    const job = await createJob(
      { db, queue },
      {
        shop,
        kind: "invite",
        targets: targets.map((target) => ({ target, data: { state: "DISABLED" } })),
        mode: "paced",
      },
    );
    for (;;) {
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "completed")
        return (row.finishedAt!.getTime() - row.startedAt!.getTime()) / 1000;
      if (row.status !== "running" && row.status !== "queued") throw new Error(`job ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const settle = async (jobId: string, from: number) => {
    for (;;) {
      const row = await db.job.findUniqueOrThrow({ where: { id: jobId } });
      if (row.status === "completed") return (row.finishedAt!.getTime() - from) / 1000;
      if (!["preparing", "ready", "running", "queued"].includes(row.status))
        throw new Error(`job ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /**
   * A campaign as a merchant makes it: for a tag, its audience read (the dry
   * run); `send` sends it and times it from the send. The items it sends are the targets.
   */
  const campaign = async (shop: string, bucket: number, restoreRate: number) => {
    const executor = executorFor(shop);
    const { id, jobId } = await createCampaign(
      { db, queue, executor },
      shop,
      NewCampaign.parse({
        name: "Bench",
        audience: {
          source: { type: "tags", tags: [CAMPAIGN_TAG], match: "any" },
          exclusions: { declined: true, recentDays: null, requireConsent: false, excludeTag: null },
        },
        message: { fallback: { subject: "", body: "" }, byLocale: {} },
        consentWaived: true,
      }),
      { store: await storeOverviewVia(executor), staff: "user:bench" },
    );
    for (;;) {
      const row = await db.job.findUniqueOrThrow({ where: { id: jobId! } });
      if (row.status === "ready") break;
      if (row.status !== "preparing") throw new Error(`audience read ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pending = await db.jobItem.findMany({
      where: { jobId: jobId!, status: "pending" },
      select: { target: true },
    });
    // The merchant reads the preview: the bucket the read used fills up again,
    // as the budget-limited minimum assumes a full bucket at the start.
    await new Promise((resolve) => setTimeout(resolve, (bucket / restoreRate) * 1000));
    return {
      targets: pending.map((p) => p.target),
      async send() {
        const sentAt = Date.now();
        if (!(await sendCampaign({ db, queue, executor }, shop, id))) throw new Error("not sent");
        return settle(jobId!, sentAt);
      },
    };
  };

  try {
    const smallSoloTargets = invitable(sim.shop(shops.smallSolo), SMALL);
    const smallSolo = await runJob(shops.smallSolo, smallSoloTargets);
    console.info(`  small job alone: ${smallSolo.toFixed(1)} s`);

    const tagged = {
      standard: invitable(sim.shop(shops.standard), INVITES, CAMPAIGN_TAG),
      plus: invitable(sim.shop(shops.plus), INVITES, CAMPAIGN_TAG),
    };
    const targets = {
      baseline: invitable(sim.shop(shops.baseline), INVITES),
      smallBusy: invitable(sim.shop(shops.smallBusy), SMALL),
    };
    const baselineToken = sim.issueAccessToken(shops.baseline);
    // Paced first: a campaign this large would otherwise run as one bulk
    // mutation (measured after), which Shopify does not meter by call.
    const bulkThreshold = process.env.PATRON_BULK_THRESHOLD;
    process.env.PATRON_BULK_THRESHOLD = String(INVITES * 2);
    const [standardCampaign, plusCampaign] = await Promise.all([
      campaign(shops.standard, 2000, 100),
      campaign(shops.plus, 20000, 1000),
    ]);
    const started = Date.now();
    const standard = standardCampaign.send();
    const plus = plusCampaign.send();
    const baseline = naiveInvites(shops.baseline, baselineToken, targets.baseline).then(
      (throttled) => ({
        throttled,
        seconds: (Date.now() - started) / 1000,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const smallBusy = await runJob(shops.smallBusy, targets.smallBusy);
    console.info(`  small job beside two ${INVITES}-invitation jobs: ${smallBusy.toFixed(1)} s`);
    const plusSeconds = await plus;
    console.info(`  Plus: ${plusSeconds.toFixed(1)} s`);
    const [standardSeconds, naive] = await Promise.all([standard, baseline]);
    if (bulkThreshold === undefined) delete process.env.PATRON_BULK_THRESHOLD;
    else process.env.PATRON_BULK_THRESHOLD = bulkThreshold;

    const bulkTagged = invitable(sim.shop(shops.bulk), INVITES, CAMPAIGN_TAG);
    const bulkCampaign = await campaign(shops.bulk, 2000, 100);
    const bulkSeconds = await bulkCampaign.send();
    const bulkMode = (await db.job.findFirstOrThrow({ where: { shop: shops.bulk } })).mode;
    console.info(`  bulk campaign (${bulkMode}): ${bulkSeconds.toFixed(1)} s`);

    const sent = { standard: standardCampaign.targets, plus: plusCampaign.targets };
    // The email check may leave a seeded address out: the minimum is for what was sent.
    const pct = (seconds: number, n: number, bucket: number, rate: number) =>
      Math.round((minimumSeconds(n, bucket, rate) / seconds) * 1000) / 10;
    const figures = {
      standard: outboxFigures(sim, shops.standard, sent.standard),
      plus: outboxFigures(sim, shops.plus, sent.plus),
      bulk: outboxFigures(sim, shops.bulk, bulkCampaign.targets),
    };
    const outside = (shop: string, tagged: string[]) => {
      const allowed = new Set(tagged);
      return sim.outbox(shop).filter((m) => !allowed.has(m.customerId)).length;
    };
    const row = (name: string, seconds: number, n = INVITES) => ({
      name,
      requests: n,
      perSecond: n / seconds,
      p50Ms: 0,
      p99Ms: 0,
      errors: 0,
    });
    return {
      rows: [
        row(
          `campaign, Standard (min ${minimumSeconds(sent.standard.length, 2000, 100).toFixed(0)} s)`,
          standardSeconds,
          sent.standard.length,
        ),
        row(
          `campaign, Plus (min ${minimumSeconds(sent.plus.length, 20000, 1000).toFixed(0)} s)`,
          plusSeconds,
          sent.plus.length,
        ),
        row(
          `campaign as one bulk mutation, Standard (${bulkMode})`,
          bulkSeconds,
          bulkCampaign.targets.length,
        ),
        row(`invites naive baseline, Standard (${naive.throttled} throttled)`, naive.seconds),
        row("small job alone", smallSolo, SMALL),
        row("small job beside two large jobs", smallBusy, SMALL),
      ],
      figures: {
        invitesPctOfBudgetStandard: pct(standardSeconds, sent.standard.length, 2000, 100),
        invitesPctOfBudgetPlus: pct(plusSeconds, sent.plus.length, 20000, 1000),
        baselinePctOfBudgetStandard: pct(naive.seconds, INVITES, 2000, 100),
        campaignRecipients: sent.standard.length + sent.plus.length,
        // How much faster than the Standard budget allows, paced, a bulk campaign goes.
        bulkCampaignVsPacedMinimum:
          Math.round((minimumSeconds(bulkCampaign.targets.length, 2000, 100) / bulkSeconds) * 10) /
          10,
        duplicates: figures.standard.duplicates + figures.plus.duplicates + figures.bulk.duplicates,
        lost: figures.standard.lost + figures.plus.lost + figures.bulk.lost,
        outsideAudience:
          outside(shops.standard, tagged.standard) +
          outside(shops.plus, tagged.plus) +
          outside(shops.bulk, bulkTagged),
        fairnessRatio: Math.round((smallBusy / smallSolo) * 100) / 100,
      },
    };
  } finally {
    await worker.stop();
    await sim.stop();
  }
}

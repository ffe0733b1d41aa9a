// Account invitation campaigns end to end on the store simulator: the
// preview (Shopify's segment counts, then the read), the dry run, the send,
// each rule of the audience, the message per language, acceptance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import type { Exclusions } from "../audiences/spec";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { action as customersEnable } from "../routes/webhooks.customers.enable";
import { action as customersUpdate } from "../routes/webhooks.customers.update";
import { storeOverviewVia } from "../shop/store-overview.server";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, invitesPerCustomer, testQueue, waitForJob } from "../../test/support/jobs";
import { webhookRequest } from "../../test/support/webhook-request";
import { createCampaign, NewCampaign, sendCampaign } from "./campaigns.server";
import { remind } from "./follow-up.server";
import { syncInvitations } from "./invitations.server";
import { invitationFigures } from "./metrics.server";
import { previewFigures } from "./preview.server";

const SHOP = "campaigns-classic.myshopify.com";
const gid = (id: number) => `gid://shopify/Customer/${id}`;

const DEFAULTS: Exclusions = {
  declined: true,
  recentDays: 30,
  requireConsent: true,
  excludeTag: null,
};

describe("account invitation campaigns", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 400, seed: 31 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("campaigns-classic");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "campaigns-worker",
      shops: [SHOP],
    });
  });
  afterAll(() => worker.stop());

  const customers = () => [...simulator().shop(SHOP).customers.values()];
  const executor = () => executorFor(SHOP);
  const deps = () => ({ db, queue, executor: executor() });

  async function draft(input: Partial<NewCampaign> & { audience: NewCampaign["audience"] }) {
    const campaign = await createCampaign(
      deps(),
      SHOP,
      NewCampaign.parse({
        name: "Spring",
        message: { fallback: { subject: "", body: "" } },
        ...input,
      }),
      { store: await storeOverviewVia(executor()), staff: "user:1" },
    );
    const job = await waitForJob(db, campaign.jobId, ["ready"]);
    return { campaign, job };
  }

  /** Who the rules say should receive a tag campaign, computed from the simulator's own records. */
  function expectedRecipients(tag: string) {
    return customers()
      .filter((c) => c.tags.some((t) => t.toLowerCase() === tag))
      .filter((c) => c.state !== "ENABLED" && c.state !== "DECLINED" && c.email)
      .filter((c) => c.marketingState === "SUBSCRIBED");
  }

  it("GIVEN a tag audience THEN the preview's instant counts (Shopify's segments) agree with the read, and the dry run sends nothing", async () => {
    const tag = "vip";
    const { campaign, job } = await draft({
      audience: { source: { type: "tags", tags: ["VIP"], match: "any" }, exclusions: DEFAULTS },
    });
    const instant = JSON.parse(
      (await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).instantCounts!,
    );
    const figures = await previewFigures(db, SHOP, job.id);
    expect(instant.total).toBe(figures.read);
    for (const reason of ["enabled", "declined", "no_email", "no_consent"])
      expect(instant.skipped[reason] ?? 0).toBe(figures.skipped[reason] ?? 0);
    // The read only adds what segments cannot count (the email check, recent invitations).
    const emailChecked = Object.entries(figures.skipped)
      .filter(([reason]) => reason.startsWith("email_"))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(figures.recipients).toBe(instant.recipients - emailChecked);
    const expected = expectedRecipients(tag);
    expect(figures.recipients + emailChecked).toBe(expected.length);
    expect(simulator().outbox(SHOP)).toEqual([]);
  });

  it("GIVEN a sent campaign THEN each recipient gets one invitation with the message in their language, and a second send changes nothing", async () => {
    const { campaign } = await draft({
      name: "Langues",
      audience: {
        source: { type: "tags", tags: ["newsletter"], match: "any" },
        exclusions: { ...DEFAULTS, recentDays: null },
      },
      message: {
        fallback: { subject: "Create your account", body: "Welcome" },
        byLocale: { fr: { subject: "Créez votre compte", body: "Bienvenue" } },
        from: null,
        bcc: [],
      },
    });
    expect(await sendCampaign(deps(), SHOP, campaign.id)).toBe(true);
    expect(await sendCampaign(deps(), SHOP, campaign.id)).toBe(false);
    const done = await waitForJob(db, campaign.jobId, undefined, 60_000);
    expect(done.status).toBe("completed");
    const sent = simulator()
      .outbox(SHOP)
      .filter((m) => m.subject === "Créez votre compte" || m.subject === "Create your account");
    const counts = invitesPerCustomer(sent);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const mail of sent) {
      const customer = customers().find((c) => gid(c.id) === mail.customerId)!;
      expect(mail.subject).toBe(
        customer.locale.startsWith("fr") ? "Créez votre compte" : "Create your account",
      );
    }
    await syncInvitations(db, SHOP, campaign.id);
    const figures = await invitationFigures(db, SHOP, campaign.id);
    expect(figures.invited).toBe(counts.size);
  });

  it("GIVEN customers who accept THEN customers/enable and customers/update mark their invitations accepted, with the rate and time to accept", async () => {
    const { campaign } = await draft({
      name: "Acceptance",
      audience: {
        source: { type: "tags", tags: ["imported"], match: "any" },
        exclusions: { ...DEFAULTS, recentDays: null, requireConsent: false },
      },
      consentWaived: true,
    });
    await sendCampaign(deps(), SHOP, campaign.id);
    await waitForJob(db, campaign.jobId, undefined, 60_000);
    const invited = await db.invitation.findMany({ where: { campaignId: campaign.id } });
    expect(invited.length).toBeGreaterThan(3);
    const [first, second] = invited;
    simulator().actions(SHOP).acceptInvitation(first!.customerId);
    simulator().actions(SHOP).acceptInvitation(second!.customerId);
    const id = (g: string) => Number(g.split("/").pop());
    await customersEnable(
      routeArgs(
        webhookRequest({
          topic: "customers/enable",
          shop: SHOP,
          payload: { id: id(first!.customerId), state: "enabled" },
        }),
      ),
    );
    await customersUpdate(
      routeArgs(
        webhookRequest({
          topic: "customers/update",
          shop: SHOP,
          payload: { id: id(second!.customerId), state: "enabled" },
        }),
      ),
    );
    for (let i = 0; i < 100; i++) {
      if (
        (await db.invitation.count({ where: { campaignId: campaign.id, status: "accepted" } })) ===
        2
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const figures = await invitationFigures(db, SHOP, campaign.id);
    expect(figures).toMatchObject({ invited: invited.length, accepted: 2 });
    expect(figures.rate).toBeCloseTo(2 / invited.length);
    expect(figures.medianHoursToAccept).not.toBeNull();

    // A reminder goes to those who have not accepted, and to nobody with an account now.
    const job = await remind(deps(), SHOP, campaign.id);
    expect(job).not.toBeNull();
    await waitForJob(db, job!.id, undefined, 60_000);
    const reminded = await db.invitation.findMany({
      where: { campaignId: campaign.id, reminders: 1 },
    });
    expect(reminded.map((r) => r.customerId).sort()).toEqual(
      invited
        .slice(2)
        .map((r) => r.customerId)
        .sort(),
    );
  });

  it("GIVEN an audience with nobody left to invite THEN the preview says so and the send finishes at once", async () => {
    const { campaign, job } = await draft({
      name: "Nobody",
      audience: {
        source: { type: "tags", tags: ["no-such-tag-at-all"], match: "any" },
        exclusions: DEFAULTS,
      },
    });
    expect(job.total).toBe(0);
    expect(await previewFigures(db, SHOP, job.id)).toEqual({ read: 0, recipients: 0, skipped: {} });
    await sendCampaign(deps(), SHOP, campaign.id);
    expect((await waitForJob(db, campaign.jobId)).status).toBe("completed");
  });

  it("GIVEN the consent filter turned off without a confirmation THEN the campaign is refused", () => {
    const input = {
      name: "No consent",
      audience: { source: { type: "all" }, exclusions: { ...DEFAULTS, requireConsent: false } },
      message: { fallback: { subject: "", body: "" } },
    };
    expect(NewCampaign.safeParse(input).success).toBe(false);
    expect(NewCampaign.safeParse({ ...input, consentWaived: true }).success).toBe(true);
  });
});

// Sign-in invitations on new customer accounts: mails through the store's own
// mail server (a local SMTP capture), the tracked link, and a server that
// refuses.
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { saveMailSettings } from "../mail/settings.server";
import { closeMailTransports } from "../mail/mail.server";
import { loader as trackedLink } from "../routes/i.$token";
import { storeOverviewVia } from "../shop/store-overview.server";
import { startMailCapture, type MailCapture } from "../../test/store/mail-capture";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { createCampaign, NewCampaign, sendCampaign } from "./campaigns.server";
import { previewFigures } from "./preview.server";
import { signInMail, type CampaignMessage } from "./messages";

const EMPTY: CampaignMessage = {
  fallback: { subject: "", body: "" },
  byLocale: {},
  from: null,
  bcc: [],
};

const NEW = "signin-new.myshopify.com";
const REFUSING = "signin-refusing.myshopify.com";

describe("sign-in invitations (new customer accounts)", () => {
  const simulator = useStoreSimulator(
    [NEW, REFUSING].map((domain) => ({
      domain,
      plan: "PLUS" as const,
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" as const,
      seed: { customers: 150, seed: 41 },
    })),
  );
  const queue = testQueue(db);
  let worker: Worker;
  let capture: MailCapture;
  let refusing: SMTPServer;
  let refusingPort = 0;
  beforeAll(async () => {
    capture = await startMailCapture();
    // A server that refuses every login: the whole campaign cannot go.
    refusing = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      onAuth: (_auth, _session, callback) =>
        callback(new Error("535 5.7.8 Authentication credentials invalid")),
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    refusingPort = (refusing.server.address() as { port: number }).port;
    for (const shop of [NEW, REFUSING]) await installApp(shop.replace(".myshopify.com", ""));
    await saveMailSettings(db, NEW, {
      host: capture.host,
      port: capture.port,
      security: "none",
      user: null,
      password: null,
      fromAddress: "shop@signin-new.example",
      fromName: "Sign-in Shop",
      noticeAddress: null,
    });
    await saveMailSettings(db, REFUSING, {
      host: "127.0.0.1",
      port: refusingPort,
      security: "none",
      user: "shop",
      password: "wrong",
      fromAddress: "shop@refusing.example",
      fromName: null,
      noticeAddress: null,
    });
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "signin-worker",
      shops: [NEW, REFUSING],
    });
  });
  afterAll(async () => {
    await worker.stop();
    closeMailTransports();
    await capture.stop();
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
  });

  async function sent(shop: string, tag: string, requireConsent = false) {
    const executor = executorFor(shop);
    const campaign = await createCampaign(
      { db, queue, executor },
      shop,
      NewCampaign.parse({
        name: "Sign in",
        audience: {
          source: { type: "tags", tags: [tag], match: "any" },
          exclusions: { declined: true, recentDays: null, requireConsent, excludeTag: null },
        },
        message: {
          fallback: { subject: "", body: "" },
          byLocale: { sv: { subject: "Logga in hos oss", body: "Hej!" } },
        },
        consentWaived: !requireConsent,
      }),
      { store: await storeOverviewVia(executor), staff: "user:2" },
    );
    expect(campaign.kind).toBe("sign_in");
    await waitForJob(db, campaign.jobId, ["ready"]);
    const preview = await previewFigures(db, shop, campaign.jobId);
    await sendCampaign({ db, queue, executor }, shop, campaign.id);
    return { campaign, preview, job: await waitForJob(db, campaign.jobId, undefined, 60_000) };
  }

  it("GIVEN a new-accounts store THEN each customer gets one sign-in mail in their language, with a tracked link to the account page", async () => {
    const { campaign, job } = await sent(NEW, "newsletter");
    expect(job.status).toBe("completed");
    const mails = capture.messages();
    const succeeded = await db.jobItem.count({
      where: { jobId: campaign.jobId, status: "succeeded" },
    });
    expect(mails.length).toBe(succeeded);
    expect(succeeded).toBeGreaterThan(3);
    expect(new Set(mails.flatMap((m) => m.to)).size).toBe(mails.length); // nobody twice
    const customers = [...simulator().shop(NEW).customers.values()];
    const store = await storeOverviewVia(executorFor(NEW));
    for (const mail of mails) {
      const customer = customers.find((c) => c.email && mail.to.includes(c.email))!;
      // Swedish customers get the campaign's words; the others Patron's own, in their language.
      const own = signInMail({
        message: EMPTY,
        locale: customer.locale,
        shopName: store.name,
        link: "",
      });
      expect(mail.subject).toBe(
        customer.locale.startsWith("sv") ? "Logga in hos oss" : own.subject,
      );
    }
    // The link: recorded, then to the store's customer account page.
    const link = /href="([^"]+\/i\/[^"]+)"/.exec(mails[0]!.html!)![1]!;
    const token = link.split("/i/")[1]!;
    const response = await trackedLink({ ...routeArgs(new Request(link)), params: { token } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(store.accountUrl);
    expect(
      await db.invitation.aggregate({ where: { campaignId: campaign.id }, _sum: { clicks: true } }),
    ).toMatchObject({
      _sum: { clicks: 1 },
    });
    // A tampered token leads nowhere and counts nothing.
    const bad = await trackedLink({
      ...routeArgs(new Request(link)),
      params: { token: `${token}x` },
    });
    expect(bad.status).toBe(404);
  });

  it("GIVEN customers who have an account but no consent THEN the dry run counts exactly the mails that go, and none goes without consent", async () => {
    capture.clear();
    const customers = [...simulator().shop(NEW).customers.values()].filter((c) =>
      c.tags.some((t) => t.toLowerCase() === "vip"),
    );
    // The seed holds the case this guards: an account (ENABLED) and no consent.
    expect(
      customers.some((c) => c.state === "ENABLED" && c.marketingState !== "SUBSCRIBED"),
    ).toBe(true);
    const { campaign, preview, job } = await sent(NEW, "VIP", true);
    expect(job.status).toBe("completed");
    const succeeded = await db.jobItem.count({
      where: { jobId: campaign.jobId, status: "succeeded" },
    });
    expect(preview.recipients).toBe(succeeded);
    const mailed = new Set(capture.messages().flatMap((m) => m.to));
    expect(mailed.size).toBe(succeeded);
    const consenting = new Set(
      customers.filter((c) => c.marketingState === "SUBSCRIBED").map((c) => c.email),
    );
    expect([...mailed].filter((to) => !consenting.has(to))).toEqual([]);
    // Having an account does not leave a customer out on new customer accounts.
    const enabled = customers.filter((c) => c.state === "ENABLED" && consenting.has(c.email));
    expect(enabled.length).toBeGreaterThan(0);
    expect(enabled.filter((c) => mailed.has(c.email!)).length).toBeGreaterThan(0);
  });

  it("GIVEN a mail server that refuses the login THEN the campaign fails with the reason and no customer is marked failed", async () => {
    const { campaign, job } = await sent(REFUSING, "newsletter");
    expect(job).toMatchObject({ status: "failed", errorCode: "mail_refused" });
    expect(job.error).toMatch(/535|credentials|auth/i);
    expect(await db.jobItem.count({ where: { jobId: campaign.jobId, status: "failed" } })).toBe(0);
    expect(await db.invitation.count({ where: { campaignId: campaign.id } })).toBe(0);
  });
});

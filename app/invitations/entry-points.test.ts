// The ways into a campaign besides the new-campaign page: the admin action
// extensions' backend, a CSV upload, a first order; and GDPR requests over
// what invitations keep.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { action as invitationsApi, loader as preflight } from "../routes/api.invitations";
import { action as upload } from "../routes/app.audiences.upload";
import { loader as uploadReport } from "../routes/app.audiences.uploads.$id";
import { action as ordersCreate } from "../routes/webhooks.orders.create";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { adminRequest } from "../../test/support/admin-request";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, invitesPerCustomer, testQueue, waitForJob } from "../../test/support/jobs";
import { webhookRequest } from "../../test/support/webhook-request";
import { saveInvitationSettings } from "./settings.server";

const SHOP = "invite-entries.myshopify.com";
const DISABLED = "invite-accounts-off.myshopify.com";
const gid = (id: number) => `gid://shopify/Customer/${id}`;

describe("ways into an invitation campaign", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 200, seed: 51 } },
    { domain: DISABLED, customerAccounts: "DISABLED", seed: { customers: 10, seed: 52 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("invite-entries");
    await installApp("invite-accounts-off");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "entries-worker",
      shops: [SHOP, DISABLED],
    });
  });
  afterAll(() => worker.stop());

  const customers = () => [...simulator().shop(SHOP).customers.values()];
  const invitable = () => customers().filter((c) => c.state === "DISABLED" && c.email);

  it("GIVEN customers selected in Shopify admin THEN the extension's backend invites them at once, as a campaign, with CORS for the extension", async () => {
    const picked = invitable()
      .slice(0, 3)
      .map((c) => gid(c.id));
    const request = await adminRequest(SHOP, "/api/invitations", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://extensions.shopifycdn.com" },
      body: JSON.stringify({ customerIds: [...picked, picked[0]] }),
    });
    const response = await invitationsApi(routeArgs(request));
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeTruthy();
    const body = await response.json();
    expect(body).toMatchObject({
      mode: "classic",
      queued: 3,
      skipped: [],
      campaignUrl: `/app/invitations/${body.campaignId}`,
    });
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: body.campaignId } });
    // The staff member is the session token's user (the test helpers sign as user 12345).
    expect(campaign).toMatchObject({ origin: "admin_action", createdBy: "user:12345" });
    await waitForJob(db, campaign.jobId!, undefined, 30_000);
    const sent = invitesPerCustomer(simulator().outbox(SHOP));
    for (const id of picked) expect(sent.get(id)).toBe(1);
  });

  it("GIVEN a bad selection, or a store with accounts turned off THEN a clear 400 or 409, and nothing is made", async () => {
    const before = await db.campaign.count();
    for (const body of [
      '{"customerIds":[]}',
      '{"customerIds":["gid://shopify/Order/1"]}',
      "not json",
    ]) {
      const request = await adminRequest(SHOP, "/api/invitations", { method: "POST", body });
      const response = await invitationsApi(routeArgs(request));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/1 and 250/);
    }
    const off = await adminRequest(DISABLED, "/api/invitations", {
      method: "POST",
      body: JSON.stringify({ customerIds: ["gid://shopify/Customer/1"] }),
    });
    const refused = await invitationsApi(routeArgs(off));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "accounts_disabled" });
    expect(await db.campaign.count()).toBe(before);
    // The extension's preflight is answered.
    const options = await adminRequest(SHOP, "/api/invitations", { method: "OPTIONS" });
    await expect(preflight(routeArgs(options)).catch((r: Response) => r)).resolves.toHaveProperty(
      "status",
    );
  });

  it("GIVEN a CSV with a BOM, semicolons, a duplicate, a bad row and an unknown email THEN a per-row report, and the customers found", async () => {
    const known = invitable()
      .slice(0, 3)
      .map((c) => c.email!);
    const csv = `\uFEFFNom;E-mail\nA;${known[0]}\nB;${known[1]!.toUpperCase()}\nC;not-an-email\nD;${known[0]}\nE;nobody-${randomUUID()}@example.com\nF;${known[2]}\n`;
    const request = await adminRequest(SHOP, "/app/audiences/upload?filename=clients.csv", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: csv,
    });
    const response = await upload(routeArgs(request));
    expect(response.status).toBe(200);
    const { uploadId } = (await response.json()) as { uploadId: string };
    let report: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) {
      const read = await uploadReport({
        ...routeArgs(await adminRequest(SHOP, `/app/audiences/uploads/${uploadId}`)),
        params: { id: uploadId },
      });
      report = await read.json();
      if (report.status === "resolved") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(report).toMatchObject({
      status: "resolved",
      rows: 6,
      emails: 4,
      matched: 3,
      problemCount: 2,
      unknownCount: 1,
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 4, problem: "malformed" }),
      expect.objectContaining({ line: 5, problem: "duplicate" }),
    ]);
    // Another shop cannot read it.
    const elsewhere = uploadReport({
      ...routeArgs(await adminRequest(DISABLED, `/app/audiences/uploads/${uploadId}`)),
      params: { id: uploadId },
    });
    await expect(elsewhere).rejects.toMatchObject({ status: 404 });
    // An empty file is refused as a whole.
    const empty = await upload(
      routeArgs(await adminRequest(SHOP, "/app/audiences/upload", { method: "POST", body: "" })),
    );
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: "empty_file" });
  });

  it("GIVEN automatic invitations on WHEN a customer's first order arrives THEN they are invited once, and not again on a later delivery", async () => {
    await saveInvitationSettings(db, SHOP, {
      autoInvite: true,
      recentDays: 30,
      remindAfterDays: null,
      remindMax: 0,
    });
    const buyer = invitable().find(
      (c) => c.numberOfOrders === 0 && c.marketingState === "SUBSCRIBED",
    )!;
    simulator().actions(SHOP).placeOrder({ customerId: buyer.id });
    // The delivery as Shopify sent it for that order.
    const payload = simulator()
      .simulator.webhooks.events(SHOP)
      .filter((e) => e.topic === "orders/create")
      .at(-1)!.payload as Record<string, unknown>;
    const deliver = () =>
      ordersCreate(routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP, payload })));
    expect((await deliver()).status).toBe(200);
    const campaign = async () =>
      db.campaign.findFirst({ where: { shop: SHOP, origin: "first_order" } });
    for (
      let i = 0;
      i < 100 && !(await db.invitation.count({ where: { shop: SHOP, customerId: gid(buyer.id) } }));
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await db.invitation.count({ where: { shop: SHOP, campaignId: (await campaign())!.id } }),
    ).toBe(1);
    await deliver();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(invitesPerCustomer(simulator().outbox(SHOP)).get(gid(buyer.id))).toBe(1);
    // A guest order invites nobody.
    const guest = await ordersCreate(
      routeArgs(
        webhookRequest({
          topic: "orders/create",
          shop: SHOP,
          payload: { ...payload, id: 99, customer: null },
        }),
      ),
    );
    expect(guest.status).toBe(200);
  });

  it("GIVEN a customer with invitations WHEN their data is requested, then erased THEN the export holds them and the erasure removes them", async () => {
    const invitation = await db.invitation.findFirstOrThrow({ where: { shop: SHOP } });
    const id = Number(invitation.customerId.split("/").pop());
    const payload = { shop_id: 1, shop_domain: SHOP, customer: { id, email: null, phone: null } };
    await dataRequest(
      routeArgs(webhookRequest({ topic: "customers/data_request", shop: SHOP, payload })),
    );
    for (
      let i = 0;
      i < 100 &&
      !(await db.complianceRequest.count({
        where: { shop: SHOP, topic: "customers/data_request" },
      }));
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    const request = await db.complianceRequest.findFirstOrThrow({
      where: { shop: SHOP, topic: "customers/data_request" },
    });
    expect(JSON.parse(request.export!).data.invitations).toEqual([
      expect.objectContaining({ campaignId: invitation.campaignId, status: invitation.status }),
    ]);
    await customersRedact(
      routeArgs(webhookRequest({ topic: "customers/redact", shop: SHOP, payload })),
    );
    for (
      let i = 0;
      i < 100 &&
      (await db.invitation.count({ where: { shop: SHOP, customerId: invitation.customerId } }));
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await db.invitation.count({ where: { shop: SHOP, customerId: invitation.customerId } }),
    ).toBe(0);
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionError, ShopActions } from "./actions";
import { INVITE_LIMIT_MESSAGE } from "./resolvers/customer-mutations";
import { startStoreSimulator, type StoreSimulator } from "./server";
import type { Simulator } from "./simulator";
import {
  addCustomer,
  API_KEY,
  API_SECRET,
  customerGid,
  gql,
  makeSimulator,
  SHOP,
  T0,
  type Json,
} from "./testing";

const DAY = 86_400_000;
const INVITE = `mutation($id: ID!, $email: EmailInput) {
  customerSendAccountInviteEmail(customerId: $id, email: $email) { customer { id state } userErrors { code field message } }
}`;

const invite = (sim: Simulator, id: number, email?: object) =>
  gql(sim, INVITE, { id: customerGid({ id }), email }).data.customerSendAccountInviteEmail;
const topics = (sim: Simulator) => sim.webhooks.events(SHOP).map((e) => e.topic);
const payloads = (sim: Simulator, topic: string) =>
  sim.webhooks
    .events(SHOP)
    .filter((e) => e.topic === topic)
    .map((e) => e.payload as Json);

function actionError(run: () => unknown): ActionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error("expected an ActionError");
}

describe("an invitation's life on classic customer accounts", () => {
  it("GIVEN a DISABLED customer WHEN invited THEN they are INVITED, the time is recorded, the email is in the outbox and customers/update is sent", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "eva@x.com" });
    expect(invite(sim, c.id)).toEqual({
      customer: { id: customerGid(c), state: "INVITED" },
      userErrors: [],
    });
    expect(c.invitedAt).toBe(T0);
    expect(sim.outbox(SHOP)).toEqual([
      expect.objectContaining({
        customerId: customerGid(c),
        to: "eva@x.com",
        sentAt: "2026-06-01T12:00:00Z",
      }),
    ]);
    expect(payloads(sim, "customers/update").at(-1)).toMatchObject({ id: c.id, state: "invited" });
  });

  it("GIVEN an invitation sent 29 days ago WHEN the customer accepts THEN ENABLED, with customers/enable and customers/update (state enabled) in the 2025-01+ REST shape", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "eva@x.com", tags: ["vip"] });
    invite(sim, c.id);
    sim.clock.advance(29 * DAY);
    sim.webhooks.clear();
    sim.actions(SHOP).acceptInvitation(c.id);
    expect(c.state).toBe("ENABLED");
    expect(topics(sim)).toEqual(["customers/enable", "customers/update"]);
    const [enabled] = payloads(sim, "customers/enable");
    expect(enabled).toMatchObject({
      id: c.id,
      email: "eva@x.com",
      state: "enabled",
      verified_email: true,
      admin_graphql_api_id: customerGid(c),
    });
    expect(Object.keys(enabled).sort()).toEqual(
      [
        "addresses",
        "admin_graphql_api_id",
        "created_at",
        "currency",
        "default_address",
        "email",
        "first_name",
        "id",
        "last_name",
        "multipass_identifier",
        "note",
        "phone",
        "state",
        "tax_exempt",
        "tax_exemptions",
        "updated_at",
        "verified_email",
      ].sort(),
    );
    expect(payloads(sim, "customers/update")[0]).toEqual(enabled);
  });

  it("GIVEN an invitation sent more than 30 days ago WHEN the customer accepts or declines THEN it fails with 410 and the customer stays INVITED", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "eva@x.com" });
    invite(sim, c.id);
    sim.clock.advance(30 * DAY + 60_000);
    const accepting = actionError(() => sim.actions(SHOP).acceptInvitation(c.id));
    expect(accepting.status).toBe(410);
    expect(accepting.message).toBe(
      "The invitation has expired: it was sent on 2026-06-01T12:00:00.000Z and its link works for 30 days. Send a new invitation.",
    );
    expect(actionError(() => sim.actions(SHOP).declineInvitation(c.id)).status).toBe(410);
    expect(c.state).toBe("INVITED");
  });

  it("GIVEN expireInvitation WHEN the customer accepts THEN it fails; GIVEN a new invitation THEN accepting works again", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "eva@x.com" });
    invite(sim, c.id);
    sim.actions(SHOP).expireInvitation(c.id);
    expect(c.invitedAt).toBe(T0 - 31 * DAY);
    expect(() => sim.actions(SHOP).acceptInvitation(c.id)).toThrow(/has expired/);
    expect(invite(sim, c.id).userErrors).toEqual([]);
    sim.actions(SHOP).acceptInvitation(c.id);
    expect(c.state).toBe("ENABLED");
  });

  it("GIVEN a customer without a pending invitation WHEN expiring or accepting THEN 409 says why", () => {
    const sim = makeSimulator();
    const disabled = addCustomer(sim, { email: "d@x.com" });
    const enabled = addCustomer(sim, { email: "e@x.com", state: "ENABLED" });
    expect(actionError(() => sim.actions(SHOP).expireInvitation(disabled.id))).toMatchObject({
      status: 409,
      message: `Customer ${disabled.id} has no pending invitation to expire (state DISABLED)`,
    });
    expect(actionError(() => sim.actions(SHOP).acceptInvitation(disabled.id))).toMatchObject({
      status: 409,
      message: `Customer ${disabled.id} has not been invited (state DISABLED)`,
    });
    expect(actionError(() => sim.actions(SHOP).acceptInvitation(enabled.id)).message).toBe(
      "Account already enabled",
    );
  });

  it("GIVEN an invited customer WHEN they decline THEN DECLINED with customers/update; WHEN invited again THEN INVITED (no userError) and they can accept", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "eva@x.com" });
    invite(sim, c.id);
    sim.webhooks.clear();
    sim.actions(SHOP).declineInvitation(c.id);
    expect(topics(sim)).toEqual(["customers/update"]);
    expect(payloads(sim, "customers/update")[0]).toMatchObject({ state: "declined" });
    expect(actionError(() => sim.actions(SHOP).acceptInvitation(c.id)).message).toBe(
      "The customer declined the invitation",
    );
    expect(invite(sim, c.id)).toEqual({
      customer: { id: customerGid(c), state: "INVITED" },
      userErrors: [],
    });
    sim.actions(SHOP).acceptInvitation(c.id);
    expect(c.state).toBe("ENABLED");
  });

  it("GIVEN an ENABLED customer WHEN invited THEN the userError is 'Account already enabled' on customerId and nothing is sent", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "e@x.com", state: "ENABLED" });
    expect(invite(sim, c.id)).toEqual({
      customer: null,
      userErrors: [{ code: "INVALID", field: ["customerId"], message: "Account already enabled" }],
    });
    expect(sim.outbox(SHOP)).toEqual([]);
  });

  it("GIVEN a customer created INVITED (or seeded INVITED) THEN the invitation has a send time, some seeded ones already expired", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "i@x.com", state: "INVITED" });
    expect(c.invitedAt).toBe(T0);
    const seeded = makeSimulator({ seed: { customers: 3000, seed: 7 } });
    const invited = [...seeded.shop(SHOP).customers.values()].filter((x) => x.state === "INVITED");
    expect(invited.length).toBeGreaterThan(50);
    expect(invited.every((x) => typeof x.invitedAt === "number" && x.invitedAt <= T0)).toBe(true);
    const expired = invited.filter((x) => T0 - x.invitedAt! > ShopActions.INVITATION_VALID_MS);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.length).toBeLessThan(invited.length / 2);
  });
});

describe("the invitation email, validated like Shopify (recorded answers)", () => {
  const sim = makeSimulator({ email: "shop@store.test", staffEmails: ["staff@store.test"] });
  const withEmail = addCustomer(sim, { email: "v@x.com" });
  const phoneOnly = addCustomer(sim, { phone: "+14155550910" });
  const error = (id: number, email: object) => invite(sim, id, email).userErrors;

  it("GIVEN a blank subject, a bad to, a bad from or non-staff bcc THEN the recorded field and message", () => {
    expect(error(withEmail.id, { subject: "" })).toEqual([
      { code: "INVALID", field: ["email", "subject"], message: "Subject can't be blank" },
    ]);
    expect(error(phoneOnly.id, { subject: "Account invite", to: "not-an-email" })).toEqual([
      { code: "INVALID", field: ["email", "to"], message: "To is invalid" },
    ]);
    expect(error(withEmail.id, { subject: "Account invite", from: "not-an-email" })).toEqual([
      { code: "INVALID", field: ["email", "from"], message: "From Sender is invalid" },
    ]);
    expect(
      error(withEmail.id, { subject: "Account invite", bcc: ["bad", "ok@example.com"] }),
    ).toEqual([
      {
        code: "INVALID",
        field: ["email", "bcc"],
        message: "Bcc bad is not a valid bcc address and ok@example.com is not a valid bcc address",
      },
    ]);
  });

  it("GIVEN a subject over 1,000 characters or a custom message over 5,000 or with HTML THEN 'Error sending account invite to customer.'", () => {
    const sendError = [
      {
        code: "INVALID",
        field: ["customerId"],
        message: "Error sending account invite to customer.",
      },
    ];
    expect(error(withEmail.id, { subject: "s".repeat(1001) })).toEqual(sendError);
    expect(error(withEmail.id, { subject: "Hi", customMessage: "m".repeat(5001) })).toEqual(
      sendError,
    );
    expect(
      error(withEmail.id, { subject: "Hi", customMessage: "<script>alert(1)</script>" }),
    ).toEqual(sendError);
    expect(sim.outbox(SHOP)).toEqual([]);
    expect(withEmail.state).toBe("DISABLED");
  });

  it("GIVEN staff bcc, a custom message with < and a 1,000-character subject THEN the invitation goes out", () => {
    expect(
      error(withEmail.id, {
        subject: "s".repeat(1000),
        customMessage: "Spend < 10 € and get 2 > 1",
        bcc: ["STAFF@store.test"],
      }),
    ).toEqual([]);
  });
});

describe("an invite limit per day (fault)", () => {
  it("GIVEN inviteLimitPerDay 2 WHEN a third invitation goes out within 24 hours THEN a userError; 24 hours later THEN it works", () => {
    const sim = makeSimulator();
    const [a, b, c] = ["a", "b", "c"].map((n) => addCustomer(sim, { email: `${n}@x.com` }));
    sim.setFaults(SHOP, { inviteLimitPerDay: 2 });
    expect(invite(sim, a!.id).userErrors).toEqual([]);
    sim.clock.advance(3_600_000);
    expect(invite(sim, b!.id).userErrors).toEqual([]);
    expect(invite(sim, c!.id)).toEqual({
      customer: null,
      userErrors: [{ code: "INVALID", field: ["customerId"], message: INVITE_LIMIT_MESSAGE }],
    });
    expect(c!.state).toBe("DISABLED");
    sim.clock.advance(DAY - 3_600_000 + 1);
    // The first invitation is now more than 24 hours old: one slot is free.
    expect(invite(sim, c!.id).userErrors).toEqual([]);
    expect(invite(sim, a!.id).userErrors[0].message).toBe(INVITE_LIMIT_MESSAGE);
    expect(sim.runtime(SHOP).faults.current.inviteLimitPerDay).toBe(2);
    sim.runtime(SHOP).faults.reset();
    expect(invite(sim, a!.id).userErrors).toEqual([]);
    expect(sim.outbox(SHOP)).toHaveLength(4);
  });
});

describe("new customer accounts", () => {
  it("GIVEN a shop on new customer accounts WHEN inviting THEN the legacy-accounts userError (field null) and no email", () => {
    const sim = makeSimulator({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    const c = addCustomer(sim, { email: "n@x.com" });
    expect(invite(sim, c.id)).toEqual({
      customer: null,
      userErrors: [
        {
          code: "INVALID",
          field: null,
          message:
            "Account invites can only be sent when legacy customer accounts are enabled on the shop.",
        },
      ],
    });
    expect(sim.outbox(SHOP)).toEqual([]);
  });

  it("GIVEN a DISABLED customer WHEN they first sign in with a one-time code THEN ENABLED with customers/enable and customers/update; a second sign-in changes nothing", () => {
    const sim = makeSimulator({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    const c = addCustomer(sim, { email: "n@x.com" });
    sim.webhooks.clear();
    expect(sim.actions(SHOP).signIn(c.id)).toEqual({ customer: c, firstSignIn: true });
    expect(gql(sim, `{ customer(id: "${customerGid(c)}") { state } }`).data.customer.state).toBe(
      "ENABLED",
    );
    expect(topics(sim)).toEqual(["customers/enable", "customers/update"]);
    expect(payloads(sim, "customers/update")[0]).toMatchObject({ state: "enabled" });
    expect(sim.actions(SHOP).signIn(c.id).firstSignIn).toBe(false);
    expect(topics(sim)).toHaveLength(2);
  });

  it("GIVEN classic accounts, a customer without email, or an invitation on new accounts THEN signing in or accepting says why", () => {
    const classic = makeSimulator();
    const c = addCustomer(classic, { email: "c@x.com" });
    expect(actionError(() => classic.actions(SHOP).signIn(c.id)).status).toBe(409);
    const modern = makeSimulator({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    const noEmail = addCustomer(modern, { phone: "+46700000001" });
    expect(actionError(() => modern.actions(SHOP).signIn(noEmail.id))).toMatchObject({
      status: 422,
      message: `Customer ${noEmail.id} has no email address to receive a one-time code`,
    });
    const invited = addCustomer(modern, { email: "i@x.com", state: "INVITED" });
    expect(actionError(() => modern.actions(SHOP).acceptInvitation(invited.id)).message).toMatch(
      /^Invitations are for classic customer accounts/,
    );
  });
});

describe("customer_account_settings/update", () => {
  it("GIVEN the merchant switches classic → new → classic THEN the documented payloads; the same setting again sends nothing", () => {
    const sim = makeSimulator();
    const id = sim.shop(SHOP).settings.id;
    const actions = sim.actions(SHOP);
    actions.setAccountMode("NEW_CUSTOMER_ACCOUNTS", "REQUIRED");
    actions.setAccountMode("NEW_CUSTOMER_ACCOUNTS", "REQUIRED");
    actions.setAccountMode("CLASSIC", "DISABLED");
    expect(payloads(sim, "customer_account_settings/update")).toEqual([
      {
        url: `https://shopify.com/${id}/account`,
        customer_accounts_version: "new_customer_accounts",
        login_required_at_checkout: true,
        login_links_visible_on_storefront_and_checkout: true,
      },
      {
        url: null,
        customer_accounts_version: "classic",
        login_required_at_checkout: false,
        login_links_visible_on_storefront_and_checkout: false,
      },
    ]);
  });
});

describe("over HTTP: control routes and delivery to a subscribed app", () => {
  let app: Server;
  let sim: StoreSimulator;
  const received: { path: string; topic: string; body: Json }[] = [];

  beforeAll(async () => {
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          path: req.url ?? "",
          topic: String(req.headers["x-shopify-topic"]),
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    sim = await startStoreSimulator({
      appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      webhookSubscriptions: [
        { topics: ["customer_account_settings/update"], uri: "/webhooks/accounts" },
        { topics: ["customers/enable"], uri: "/webhooks/customers" },
      ],
      shops: [{ domain: SHOP, seed: false }],
    });
  });
  afterAll(async () => {
    await sim.stop();
    await new Promise((resolve) => app.close(resolve));
  });

  async function control(path: string, body: unknown = {}) {
    const res = await request(`${sim.url}/__simulator/shops/${SHOP}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, json: (await res.body.json()) as Json };
  }

  it("GIVEN an invited customer WHEN expire-invitation, then accept-invitation THEN 410 with the reason; re-invited THEN accept works", async () => {
    const c = addCustomer(sim.simulator, { email: "h@x.com", state: "INVITED" });
    const expired = await control(`/customers/${c.id}/expire-invitation`);
    expect(expired.status).toBe(200);
    expect(expired.json).toMatchObject({ state: "INVITED", invitationExpired: true });
    const refused = await control(`/customers/${c.id}/accept-invitation`);
    expect(refused.status).toBe(410);
    expect(refused.json.error).toMatch(/^The invitation has expired/);
    invite(sim.simulator, c.id);
    const accepted = await control(`/customers/${c.id}/accept-invitation`);
    expect(accepted.json).toMatchObject({ state: "ENABLED", invitationExpired: null });
  });

  it("GIVEN the account-mode control THEN customer_account_settings/update reaches the subscribed app; sign-in then enables a customer", async () => {
    await sim.idle();
    received.length = 0;
    const mode = await control("/account-mode", {
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
      customerAccounts: "OPTIONAL",
    });
    expect(mode.json.customerAccountsVersion).toBe("NEW_CUSTOMER_ACCOUNTS");
    const c = addCustomer(sim.simulator, { email: "s@x.com" });
    const signedIn = await control(`/customers/${c.id}/sign-in`);
    expect(signedIn.json).toMatchObject({ state: "ENABLED", firstSignIn: true });
    expect((await control(`/customers/${c.id}/sign-in`)).json.firstSignIn).toBe(false);
    await sim.idle();
    expect(received.map((r) => [r.path, r.topic])).toEqual([
      ["/webhooks/accounts", "customer_account_settings/update"],
      ["/webhooks/customers", "customers/enable"],
    ]);
    expect(received[0]!.body).toEqual({
      url: `https://shopify.com/${sim.shop(SHOP).settings.id}/account`,
      customer_accounts_version: "new_customer_accounts",
      login_required_at_checkout: false,
      login_links_visible_on_storefront_and_checkout: true,
    });
  });
});

// AdminExecutor over the real transport (adminTransport → HTTP) against the
// store simulator: pacing to the learned bucket, throttling, 5xx, lost
// mutation responses and userErrors. Retry-After, which the simulator never
// sends, goes through a small Transport function (the executor's seam).
import { afterEach, describe, expect, it } from "vitest";
import { NO_FAULTS } from "../../test/store/faults";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { adminTransport } from "./client.server";
import {
  AdminApiUnavailableError,
  EffectUnknownError,
  userErrorMessage,
  type UserError,
} from "./errors";
import {
  AdminExecutor,
  type ExecutorOptions,
  type GraphqlResponse,
  type Transport,
} from "./executor.server";

const PACED = "exec-paced";
const STANDARD = "exec-standard";
const PLUS = "exec-plus";
const FAULTS = "exec-faults";
const NEW_ACCOUNTS = "exec-new-accounts";

const CUSTOMERS = `query Customers($first: Int!, $query: String) {
  customers(first: $first, query: $query) { nodes { id state email } }
}`;
const INVITE = `mutation Invite($customerId: ID!) {
  customerSendAccountInviteEmail(customerId: $customerId) {
    customer { id state }
    userErrors { field message code }
  }
}`;
const SHOP = `query Shop { shop { name } }`;

type Customers = { customers: { nodes: { id: string; state: string; email: string | null }[] } };
type Invite = {
  customerSendAccountInviteEmail: {
    customer: { id: string; state: string } | null;
    userErrors: UserError[];
  };
};

describe("AdminExecutor against the store simulator", () => {
  const sim = useStoreSimulator([
    { domain: PACED, bucketSize: 100, restoreRate: 100, seed: { customers: 200, seed: 7 } },
    { domain: STANDARD, plan: "STANDARD", seed: false },
    { domain: PLUS, plan: "PLUS", seed: false },
    { domain: FAULTS, seed: { customers: 50, seed: 11 } },
    {
      domain: NEW_ACCOUNTS,
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
      seed: { customers: 5 },
    },
  ]);

  /** An executor for a simulated shop over the app's real transport. */
  function makeExecutor(domain: string, options?: ExecutorOptions) {
    const shop = `${domain}.myshopify.com`;
    return new AdminExecutor(shop, adminTransport(shop, sim().issueAccessToken(domain)), options);
  }

  /** Customers who can be invited: DISABLED, with an email. */
  async function disabledCustomers(executor: AdminExecutor, count: number) {
    const data = await executor.query<Customers>(CUSTOMERS, {
      first: count + 20,
      query: "state:disabled",
    });
    expect(data.customers.nodes.every((c) => c.state === "DISABLED")).toBe(true);
    return data.customers.nodes
      .filter((c) => c.email)
      .map((c) => c.id)
      .slice(0, count);
  }

  const invitesTo = (domain: string, id: string) =>
    sim()
      .outbox(domain)
      .filter((m) => m.customerId === id);

  afterEach(() => {
    for (const domain of [FAULTS, NEW_ACCOUNTS])
      sim().setFaults(domain, { ...NO_FAULTS, script: [] });
  });

  it("paces mutations to a small bucket: no THROTTLED once the budget is learned, each customer invited once", async () => {
    const executor = makeExecutor(PACED, { maxInFlight: 4 });
    const ids = await disabledCustomers(executor, 40);
    expect(ids).toHaveLength(40);
    expect(executor.budget.maximum).toBe(100);

    const started = Date.now();
    const results = await Promise.all(
      ids.map((id) => executor.mutate<Invite>(INVITE, { customerId: id })),
    );
    const elapsed = Date.now() - started;

    expect(results.map((r) => r.customerSendAccountInviteEmail.userErrors)).toEqual(
      ids.map(() => []),
    );
    expect(executor.stats.throttled).toBeLessThanOrEqual(1);
    expect(executor.stats.requests).toBeLessThanOrEqual(1 + 40 + executor.stats.throttled);
    // 400 points through a 100-point bucket restoring 100/s, after the query took ~62: ~3.6 s.
    expect(elapsed).toBeGreaterThan(2_500);
    const sent = sim()
      .outbox(PACED)
      .map((m) => m.customerId);
    expect(sent.toSorted()).toEqual(ids.toSorted());
  });

  it.each([
    [STANDARD, 100, 2_000],
    [PLUS, 1_000, 20_000],
  ])(
    "learns the rate limit of %s from the first response (restore %i/s)",
    async (domain, restore, size) => {
      const executor = makeExecutor(domain);
      expect(executor.budget.restoreRate).toBeNull();
      await executor.query(SHOP);
      expect(executor.budget.restoreRate).toBe(restore);
      expect(executor.budget.maximum).toBe(size);
    },
  );

  it("waits out a THROTTLED storm and then succeeds", async () => {
    const executor = makeExecutor(FAULTS);
    sim().setFaults(FAULTS, { throttleForMs: 1_500 });
    const started = Date.now();
    const data = await executor.query<{ shop: { name: string } }>(SHOP);
    expect(data.shop.name).toBeTruthy();
    expect(executor.stats.throttled).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it("retries queries on 5xx, and gives up with AdminApiUnavailableError after maxAttempts", async () => {
    const executor = makeExecutor(FAULTS, { baseBackoffMs: 5, maxAttempts: 8 });
    sim().setFaults(FAULTS, { errorRate: 0.5, appliesTo: "queries", seed: 3 });
    for (let i = 0; i < 6; i++) {
      expect((await executor.query<{ shop: { name: string } }>(SHOP)).shop.name).toBeTruthy();
    }
    expect(executor.stats.retries).toBeGreaterThan(0);
    expect(executor.stats.requests).toBe(6 + executor.stats.retries);

    const failing = makeExecutor(FAULTS, { baseBackoffMs: 5, maxAttempts: 3 });
    sim().setFaults(FAULTS, { errorRate: 1 });
    await expect(failing.query(SHOP)).rejects.toBeInstanceOf(AdminApiUnavailableError);
    expect(failing.stats.requests).toBe(3);
  });

  it.each([
    ["5xx", {}],
    ["timeout", { timeoutMs: 300 }],
  ] as const)(
    "throws EffectUnknownError for a mutation whose response is lost (%s) and never re-sends it",
    async (mode, options) => {
      const executor = makeExecutor(FAULTS, { baseBackoffMs: 5, ...options });
      const [id] = await disabledCustomers(executor, 1);
      expect(invitesTo(FAULTS, id!)).toHaveLength(0);
      sim().setFaults(FAULTS, {
        lostResponseRate: 1,
        lostResponseMode: mode,
        timeoutMs: null,
        appliesTo: "mutations",
      });
      const requests = executor.stats.requests;

      await expect(executor.mutate(INVITE, { customerId: id })).rejects.toBeInstanceOf(
        EffectUnknownError,
      );
      expect(executor.stats.requests - requests).toBe(1);
      expect(invitesTo(FAULTS, id!)).toHaveLength(1); // the effect happened, once
    },
  );

  it("returns userErrors as data, formatted by userErrorMessage", async () => {
    const modern = makeExecutor(NEW_ACCOUNTS);
    const [customer] = (await modern.query<Customers>(CUSTOMERS, { first: 1 })).customers.nodes;
    const refused = await modern.mutate<Invite>(INVITE, { customerId: customer!.id });
    expect(refused.customerSendAccountInviteEmail.customer).toBeNull();
    expect(userErrorMessage(refused.customerSendAccountInviteEmail.userErrors)).toBe(
      "Account invites can only be sent when legacy customer accounts are enabled on the shop.",
    );
    expect(sim().outbox(NEW_ACCOUNTS)).toHaveLength(0);

    const classic = makeExecutor(FAULTS);
    const missing = await classic.mutate<Invite>(INVITE, {
      customerId: "gid://shopify/Customer/999999999",
    });
    expect(userErrorMessage(missing.customerSendAccountInviteEmail.userErrors)).toBe(
      "customerId: Customer does not exist",
    );
  });
});

describe("AdminExecutor and Retry-After (the simulator never sends it: a Transport function)", () => {
  function scripted(responses: GraphqlResponse[]) {
    const sleeps: number[] = [];
    let calls = 0;
    const transport: Transport = async () => responses[Math.min(calls++, responses.length - 1)]!;
    const executor = new AdminExecutor("retry-after.myshopify.com", transport, {
      baseBackoffMs: 10,
      random: () => 0, // jitter at its lowest: 80% of the computed wait
      sleep: async (ms) => void sleeps.push(ms),
    });
    return { executor, sleeps, calls: () => calls };
  }
  const failure = (status: number, retryAfter: string): GraphqlResponse => ({
    errors: {
      networkStatusCode: status,
      message: `HTTP ${status}`,
      response: new Response(null, { status, headers: { "Retry-After": retryAfter } }),
    },
  });

  it("waits Retry-After on a 429 before trying again", async () => {
    const { executor, sleeps, calls } = scripted([failure(429, "2"), { data: { ok: true } }]);
    await expect(executor.query(SHOP)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([2_000]);
    expect(executor.stats.throttled).toBe(1);
    expect(calls()).toBe(2);
  });

  it("waits at least Retry-After on a 503 even when the backoff is shorter", async () => {
    const { executor, sleeps, calls } = scripted([failure(503, "1"), { data: { ok: true } }]);
    await expect(executor.query(SHOP)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([1_000]);
    expect(executor.stats.retries).toBe(1);
    expect(calls()).toBe(2);
  });
});

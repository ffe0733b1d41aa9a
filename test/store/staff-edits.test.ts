import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClock } from "./clock";
import type { CustomerRecord } from "./model";
import { startStoreSimulator, type StoreSimulator } from "./server";
import type { BulkMutationProgress } from "./simulator";
import { addCustomer, API_KEY, API_SECRET, customerGid, SHOP, T0, type Json } from "./testing";
import { bulkClient } from "./testing-bulk";
import { signWebhook } from "./webhooks";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const SUBSCRIPTIONS = [
  {
    topics: ["customers/update", "customer.tags_added", "customer.tags_removed"],
    uri: "/webhooks",
  },
];
const TAGS_ADD = `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;

let app: Server;
let received: Received[] = [];
let sim: StoreSimulator;
let bulk: ReturnType<typeof bulkClient>;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  sim = await startStoreSimulator({
    appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock: new SimClock(T0),
    webhookSubscriptions: SUBSCRIPTIONS,
    shops: [{ domain: SHOP, seed: false, bucketSize: 100_000, restoreRate: 100_000 }],
  });
  const token = sim.issueAccessToken(SHOP);
  bulk = bulkClient(sim, () => token);
});
afterAll(async () => {
  await sim.stop();
  await new Promise((r) => app.close(r));
});
beforeEach(async () => {
  await sim.idle();
  sim.simulator.resetShop(SHOP);
  sim.simulator.webhooks.setSubscriptions(SUBSCRIPTIONS);
  sim.shop(SHOP).settings.bulkMinDurationMs = 400;
  sim.setHooks({});
  received = [];
});

const customers = (n: number, tags: string[] = []): CustomerRecord[] =>
  Array.from({ length: n }, (_, i) => addCustomer(sim.simulator, { email: `c${i}@x.com`, tags }));

async function controlApi(method: string, path: string, body?: object): Promise<Json> {
  const res = await fetch(`${sim.url}/__simulator/shops/${SHOP}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("a staff tag edit while a bulk tagsAdd runs", () => {
  it("GIVEN the duringBulkMutation hook WHEN staff edit tags half-way THEN the edit lands between the job's lines, with its webhooks", async () => {
    const list = customers(40);
    const seen: BulkMutationProgress[] = [];
    const statuses: string[] = [];
    let edited = false;
    sim.setHooks({
      duringBulkMutation: (progress) => {
        seen.push(progress);
        statuses.push(sim.shop(SHOP).bulkOperations.values().next().value!.status);
        if (edited || progress.linesDone < progress.totalLines / 2) return;
        edited = true;
        const actions = sim.actions(SHOP);
        // The job already tagged the first customer: staff take the tag off again.
        actions.editCustomerTags(list[0]!.id, { remove: ["sale"] });
        // The job has not reached the last one: staff tag them first.
        actions.editCustomerTags(list[39]!.id, { add: ["SALE", "vip"] });
      },
    });
    const started = await bulk.runMutation(
      TAGS_ADD,
      list.map((c) => ({ id: customerGid(c), tags: ["sale"] })),
    );
    const op = await bulk.finished(started.bulkOperation.id);
    expect(op.status).toBe("COMPLETED");

    expect(edited).toBe(true);
    expect(new Set(statuses)).toEqual(new Set(["RUNNING"]));
    expect(seen[0]).toMatchObject({
      domain: SHOP,
      operationId: op.id,
      linesDone: 0,
      totalLines: 40,
    });
    expect(seen.at(-1)).toMatchObject({ linesDone: 40, totalLines: 40 });
    const done = seen.map((p) => p.linesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.length).toBeGreaterThan(3);

    // Every line succeeded, yet the first customer ends without the tag and the
    // last one kept the casing staff gave it: only the job's own changes may be undone.
    const lines = await bulk.lines(op.url);
    expect(lines.every((l) => l.data.tagsAdd.userErrors.length === 0)).toBe(true);
    expect(list[0]!.tags).toEqual([]);
    expect(list[39]!.tags).toEqual(["SALE", "vip"]);
    expect(list[20]!.tags).toEqual(["sale"]);

    await sim.idle();
    const tagTopics = received
      .map((r) => ({ topic: r.headers["x-shopify-topic"], body: JSON.parse(r.body) as Json }))
      .filter((r) => r.topic !== "customers/update");
    expect(tagTopics).toContainEqual({
      topic: "customer.tags_removed",
      body: expect.objectContaining({ customerId: customerGid(list[0]!), tags: ["sale"] }),
    });
    expect(tagTopics).toContainEqual({
      topic: "customer.tags_added",
      body: expect.objectContaining({ customerId: customerGid(list[39]!), tags: ["SALE", "vip"] }),
    });
    for (const r of received)
      expect(r.headers["x-shopify-hmac-sha256"]).toBe(signWebhook(r.body, API_SECRET));
  });

  it("GIVEN an edit queued through the control API THEN it happens once the next bulk mutation has run that many lines", async () => {
    const list = customers(30, ["vip"]);
    const queued = await controlApi("POST", "/bulk-mutation-edits", {
      customerIds: [customerGid(list[2]!), list[25]!.id],
      remove: "VIP",
      afterLines: 10,
    });
    expect(queued.status).toBe(200);
    expect(queued.body.pending).toHaveLength(1);
    const started = await bulk.runMutation(
      `mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { message } } }`,
      list.map((c) => ({ id: customerGid(c), tags: ["vip"] })),
    );
    const op = await bulk.finished(started.bulkOperation.id);
    expect(op.status).toBe("COMPLETED");
    const after = await controlApi("GET", "/bulk-mutation-edits");
    expect(after.body.pending).toEqual([]);
    expect(after.body.done).toHaveLength(1);
    expect(after.body.done[0]).toMatchObject({
      operationId: op.id,
      totalLines: 30,
      // The job had already taken the tag off the third customer, not yet off the 26th.
      results: [
        { id: customerGid(list[2]!), added: [], removed: [] },
        { id: customerGid(list[25]!), added: [], removed: ["vip"] },
      ],
    });
    expect(after.body.done[0].atLine).toBeGreaterThanOrEqual(10);
    expect(after.body.done[0].atLine).toBeLessThan(30);
    expect(list.every((c) => c.tags.length === 0)).toBe(true);

    const refused = await controlApi("POST", "/bulk-mutation-edits", {
      customerIds: ["gid://shopify/Customer/1"],
      add: ["x"],
    });
    expect(refused.status).toBe(404);
  });
});

describe("webhooks of staff actions go only to subscribed topics", () => {
  it("GIVEN customers/delete is not subscribed THEN a staff deletion is recorded but not sent; once subscribed, it is sent signed", async () => {
    const [a, b] = customers(2);
    expect((await controlApi("POST", `/customers/${a!.id}/delete`)).status).toBe(200);
    await sim.idle();
    const event = sim.simulator.webhooks.events(SHOP).find((e) => e.topic === "customers/delete");
    expect(event).toMatchObject({ subscribed: false });
    expect(received).toEqual([]);

    sim.simulator.webhooks.setSubscriptions([
      ...SUBSCRIPTIONS,
      { topics: ["customers/delete"], uri: "/webhooks/customers/delete" },
    ]);
    expect((await controlApi("POST", `/customers/${b!.id}/delete`)).status).toBe(200);
    await sim.idle();
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/webhooks/customers/delete");
    expect(received[0]!.headers["x-shopify-topic"]).toBe("customers/delete");
    expect(received[0]!.headers["x-shopify-hmac-sha256"]).toBe(
      signWebhook(received[0]!.body, API_SECRET),
    );
    expect(JSON.parse(received[0]!.body)).toEqual({
      id: b!.id,
      tax_exemptions: [],
      admin_graphql_api_id: customerGid(b!),
    });
  });
});

describe("tagsAdd / tagsRemove inside bulkOperationRunMutation", () => {
  it("GIVEN customers and orders THEN bulk lines behave as the single mutations: case-insensitive adds, removal case-insensitive on customers only", async () => {
    sim.shop(SHOP).settings.bulkMinDurationMs = 0;
    const [a, b] = customers(2, ["Sale"]);
    const order = sim.actions(SHOP).placeOrder({ customerId: a!.id, tags: ["Sale"] });
    const orderId = `gid://shopify/Order/${order.id}`;
    const run = async (mutation: string, rows: object[]) => {
      const started = await bulk.runMutation(mutation, rows);
      const op = await bulk.finished(started.bulkOperation.id);
      return (await bulk.lines(op.url)).sort((x, y) => x.__lineNumber - y.__lineNumber);
    };
    const added = await run(TAGS_ADD, [
      { id: customerGid(a!), tags: ["SALE", "new"] },
      { id: orderId, tags: "sale, New" },
    ]);
    expect(added.map((l) => l.data.tagsAdd.userErrors)).toEqual([[], []]);
    expect(a!.tags).toEqual(["new", "Sale"]);
    expect(order.tags).toEqual(["New", "Sale"]);
    await run(
      `mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { message } } }`,
      [
        { id: customerGid(b!), tags: ["sale"] },
        { id: orderId, tags: ["sale", "New"] },
      ],
    );
    expect(b!.tags).toEqual([]);
    expect(order.tags).toEqual(["Sale"]);
  });
});

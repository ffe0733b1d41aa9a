import { print, parse } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClock } from "./clock";
import type { CustomerRecord } from "./model";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { addCustomer, API_KEY, API_SECRET, customerGid, SHOP, T0, type Json } from "./testing";
import { bulkClient, CANCEL, RUN_QUERY } from "./testing-bulk";

let sim: StoreSimulator;
const clock = new SimClock(T0);
let bulk: ReturnType<typeof bulkClient>;

beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock,
    shops: [{ domain: SHOP, seed: false, bucketSize: 100_000, restoreRate: 100_000 }],
  });
  const token = sim.issueAccessToken(SHOP);
  bulk = bulkClient(sim, () => token);
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await sim.idle();
  sim.shop(SHOP).settings.bulkMinDurationMs = 0;
  sim.simulator.runtime(SHOP).faults.reset();
});

const TAGS = `mutation($id: ID!) { tagsAdd(id: $id, tags: ["bulk"]) { node { id } userErrors { message } } }`;

function customers(n: number, prefix: string): CustomerRecord[] {
  return Array.from({ length: n }, (_, i) =>
    addCustomer(sim.simulator, { email: `${prefix}${i}@x.com` }),
  );
}

const tagged = (list: CustomerRecord[]) =>
  list.flatMap((c, i) => (c.tags.includes("bulk") ? [i] : []));
const lineNumbers = (out: Json[]) => out.map((l) => l.__lineNumber as number).sort((a, b) => a - b);

describe("bulk mutations run progressively", () => {
  it("GIVEN a run time WHEN cancelled mid-way THEN CANCELED with partialDataUrl holding exactly the lines that ran", async () => {
    sim.shop(SHOP).settings.bulkMinDurationMs = 2_000;
    const list = customers(20, "cancel");
    const started = await bulk.runMutation(
      TAGS,
      list.map((c) => ({ id: customerGid(c) })),
    );
    await new Promise((r) => setTimeout(r, 400));
    const midway = await bulk.status(started.bulkOperation.id);
    expect(midway.status).toBe("RUNNING");
    expect(Number(midway.objectCount)).toBeGreaterThan(0);
    expect(Number(midway.objectCount)).toBeLessThan(20);
    const cancel = await bulk.gql(CANCEL, { id: started.bulkOperation.id });
    expect(cancel.data.bulkOperationCancel.userErrors).toEqual([]);
    const op = await bulk.finished(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "CANCELED", url: null });
    const done = tagged(list);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(20);
    expect(lineNumbers(await bulk.lines(op.partialDataUrl))).toEqual(done);
    expect(Number(op.objectCount)).toBe(done.length);
  });

  it("GIVEN a bulk failure after some lines THEN FAILED with INTERNAL_SERVER_ERROR and the lines that ran as partial data", async () => {
    sim.setFaults(SHOP, { bulkFailAfterLines: 3 });
    const list = customers(6, "fail");
    const started = await bulk.runMutation(
      TAGS,
      list.map((c) => ({ id: customerGid(c) })),
    );
    const op = await bulk.finished(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    expect(lineNumbers(await bulk.lines(op.partialDataUrl))).toEqual([0, 1, 2]);
    expect(tagged(list)).toEqual([0, 1, 2]);
  });

  it("GIVEN a bulk query failing after some lines THEN FAILED with the first lines as partial data", async () => {
    customers(4, "query-fail");
    sim.setFaults(SHOP, { bulkFailAfterLines: 2 });
    const started = (await bulk.gql(RUN_QUERY, { q: "{ customers { edges { node { id } } } }" }))
      .data.bulkOperationRunQuery;
    const op = await bulk.finished(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    expect(await bulk.lines(op.partialDataUrl)).toHaveLength(2);
  });

  it("GIVEN many lines THEN results come out of input order, every line once with its __lineNumber", async () => {
    const list = customers(50, "order");
    const started = await bulk.runMutation(
      TAGS,
      list.map((c) => ({ id: customerGid(c) })),
    );
    const out = await bulk.lines((await bulk.finished(started.bulkOperation.id)).url);
    const written = out.map((l) => l.__lineNumber as number);
    expect(written).not.toEqual([...written].sort((a, b) => a - b));
    expect(lineNumbers(out)).toEqual(list.map((_, i) => i));
    for (const line of out)
      expect(line.data.tagsAdd.node.id).toBe(customerGid(list[line.__lineNumber]!));
  });
});

describe("the stored operation text", () => {
  it("GIVEN comments and layout in a bulk query or mutation THEN BulkOperation.query is the normalized document", async () => {
    const query = `# find everyone\n{ customers { edges { node { id } } } }`;
    const q = (await bulk.gql(RUN_QUERY, { q: query })).data.bulkOperationRunQuery;
    expect(q.bulkOperation.query).toBe(print(parse(query)));
    expect(q.bulkOperation.query).not.toContain("#");
    const mutation = `# patron-job:42\n${TAGS}`;
    const m = await bulk.runMutation(mutation, []);
    expect(m.bulkOperation.query).toBe(print(parse(TAGS)));
    expect((await bulk.finished(m.bulkOperation.id)).query).not.toContain("patron-job");
  });
});

describe("bulkOperations(query:, sortKey:, reverse:)", () => {
  it("GIVEN operations over time THEN filters by created_at, status and operation_type, newest first unless reversed", async () => {
    const base = clock.now() + 86_400_000;
    clock.freeze(base);
    const first = (await bulk.gql(RUN_QUERY, { q: "{ segments { nodes { id } } }" })).data
      .bulkOperationRunQuery.bulkOperation.id;
    clock.freeze(base + 60_000);
    const second = (await bulk.runMutation(TAGS, [])).bulkOperation.id;
    clock.freeze(base + 120_000);
    const third = (await bulk.gql(RUN_QUERY, { q: "{ segments { nodes { id } } }" })).data
      .bulkOperationRunQuery.bulkOperation.id;
    await sim.idle();
    const since = new Date(base).toISOString();
    const list = async (args: string) =>
      (
        await bulk.gql(`{ bulkOperations(first: 10, ${args}) { nodes { id } } }`)
      ).data.bulkOperations.nodes.map((n: { id: string }) => n.id);
    expect(await list(`query: "created_at:>='${since}'"`)).toEqual([third, second, first]);
    expect(await list(`query: "created_at:>='${since}'", reverse: true`)).toEqual([
      first,
      second,
      third,
    ]);
    expect(await list(`query: "created_at:>='${since}' operation_type:query"`)).toEqual([
      third,
      first,
    ]);
    expect(
      await list(`query: "created_at:>='${since}' status:completed", sortKey: CREATED_AT`),
    ).toEqual([third, second, first]);
    expect(await list(`query: "created_at:>='${since}' status:canceled"`)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { addCustomer, API_KEY, API_SECRET, graphqlPath, post, SHOP, type Json } from "./testing";

let sim: StoreSimulator;
let token: string;

beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    shops: [{ domain: SHOP, seed: false, bucketSize: 100_000, restoreRate: 100_000 }],
  });
  token = sim.issueAccessToken(SHOP);
});
afterAll(() => sim.stop());

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const res = await post(
    sim.url,
    graphqlPath(),
    { query, variables },
    { "x-shopify-access-token": token },
  );
  return res.json;
}

const RUN_QUERY = `mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { code field message } } }`;
const STATUS = `query($id: ID!) { bulkOperation(id: $id) { id status type errorCode objectCount rootObjectCount fileSize url completedAt } }`;

async function finished(id: string): Promise<Json> {
  await sim.idle();
  return (await gql(STATUS, { id })).data.bulkOperation;
}

async function lines(url: string): Promise<Json[]> {
  const text = await (await fetch(url)).text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Json);
}

describe("bulk queries", () => {
  const customers: { id: string; orders: string[] }[] = [];
  beforeAll(() => {
    for (let i = 0; i < 4; i++) {
      const c = addCustomer(sim.simulator, { email: `bulk${i}@x.com` });
      const orders = Array.from(
        { length: i },
        () => `gid://shopify/Order/${sim.actions(SHOP).placeOrder({ customerId: c.id }).id}`,
      );
      customers.push({ id: `gid://shopify/Customer/${c.id}`, orders });
    }
  });

  const QUERY = `{ customers { edges { node { id email orders { edges { node { id name } } } } } } }`;

  it("runs CREATED → COMPLETED and writes JSONL with child nodes as __parentId lines", async () => {
    const started = (await gql(RUN_QUERY, { q: QUERY, g: true })).data.bulkOperationRunQuery;
    expect(started).toEqual({
      bulkOperation: {
        id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/),
        status: "CREATED",
      },
      userErrors: [],
    });
    const op = await finished(started.bulkOperation.id);
    expect(op).toMatchObject({
      status: "COMPLETED",
      type: "QUERY",
      errorCode: null,
      objectCount: "10",
      rootObjectCount: "4",
      url: expect.stringContaining("/__files/"),
    });
    expect(Number(op.fileSize)).toBeGreaterThan(0);
    const out = await lines(op.url);
    expect(out).toHaveLength(10);
    // groupObjects: each parent is followed by its own children.
    const expected = customers.flatMap((c, i) => [
      { id: c.id, email: `bulk${i}@x.com` },
      ...c.orders.map((o) => ({ id: o, name: expect.stringMatching(/^#\d+$/), __parentId: c.id })),
    ]);
    expect(out).toEqual(expected);
  });

  it("without groupObjects children still come after their parent; the pagination cap does not apply", async () => {
    sim.shop(SHOP).settings.paginationLimit = 2;
    const started = (await gql(RUN_QUERY, { q: QUERY, g: false })).data.bulkOperationRunQuery;
    const out = await lines((await finished(started.bulkOperation.id)).url);
    const seen = new Set<string>();
    for (const line of out) {
      if (line.__parentId) expect(seen.has(line.__parentId)).toBe(true);
      else seen.add(line.id);
    }
    expect(out.filter((l) => l.__parentId)).toHaveLength(6);
    expect(out.filter((l) => !l.__parentId)).toHaveLength(4);
    sim.shop(SHOP).settings.paginationLimit = 25_000;
  });

  it.each([
    ["no connection", "{ shop { id } }", /at least one connection/],
    [
      "more than five connections",
      `{ a: customers { nodes { id } } b: customers { nodes { id } } c: orders { nodes { id } } d: orders { nodes { id } } e: segments { nodes { id } } f: bulkOperations { nodes { id } } }`,
      /more than 5 connections/,
    ],
    [
      "nesting deeper than two",
      `{ customers { nodes { id orders { nodes { id lineItems { nodes { id } } } } } } }`,
      /nesting depth greater than 2/,
    ],
    ["an invalid query", "{ customers { nodes { nope } } }", /Invalid bulk query/],
  ])("refuses %s with INVALID", async (_name, q, message) => {
    const res = (await gql(RUN_QUERY, { q, g: false })).data.bulkOperationRunQuery;
    expect(res.bulkOperation).toBeNull();
    expect(res.userErrors[0]).toMatchObject({
      code: "INVALID",
      field: ["query"],
      message: expect.stringMatching(message),
    });
  });

  it("sends bulk_operations/finish with lower-case status and type", async () => {
    const started = (await gql(RUN_QUERY, { q: "{ segments { nodes { id } } }", g: false })).data
      .bulkOperationRunQuery;
    const op = await finished(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null });
    const event = sim.simulator.webhooks
      .events(SHOP)
      .filter((e) => e.topic === "bulk_operations/finish")
      .at(-1)!;
    expect(event.payload).toEqual({
      admin_graphql_api_id: started.bulkOperation.id,
      completed_at: expect.stringMatching(/\+00:00$/),
      created_at: expect.stringMatching(/\+00:00$/),
      error_code: null,
      status: "completed",
      type: "query",
    });
  });
});

async function stageUpload(
  content: string,
  fileLast = true,
): Promise<{ status: number; key: string }> {
  const staged =
    await gql(`mutation { stagedUploadsCreate(input: [{ resource: BULK_MUTATION_VARIABLES, filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: POST }]) {
    stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`);
  const target = staged.data.stagedUploadsCreate.stagedTargets[0];
  const form = new FormData();
  if (!fileLast) form.append("file", new Blob([content]), "vars.jsonl");
  for (const p of target.parameters as { name: string; value: string }[])
    form.append(p.name, p.value);
  if (fileLast) form.append("file", new Blob([content]), "vars.jsonl");
  const res = await fetch(target.url, { method: "POST", body: form });
  const key = (target.parameters as { name: string; value: string }[]).find(
    (p) => p.name === "key",
  )!.value;
  return { status: res.status, key };
}

const RUN_MUTATION = `mutation($m: String!, $path: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $path) { bulkOperation { id status } userErrors { code field message } } }`;
const TAGS = `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;

describe("bulk mutations", () => {
  it("stages the JSONL upload, runs each line and reports results by __lineNumber", async () => {
    const a = addCustomer(sim.simulator, { email: "m1@x.com" });
    const b = addCustomer(sim.simulator, { email: "m2@x.com" });
    const content = [
      JSON.stringify({ id: `gid://shopify/Customer/${a.id}`, tags: ["bulk"] }),
      JSON.stringify({ id: "gid://shopify/Customer/1", tags: ["bulk"] }),
      "{not json",
      JSON.stringify({ id: `gid://shopify/Customer/${b.id}`, tags: ["Bulk", "two"] }),
    ].join("\n");
    const upload = await stageUpload(content);
    expect(upload.status).toBe(201);
    const started = (await gql(RUN_MUTATION, { m: TAGS, path: upload.key })).data
      .bulkOperationRunMutation;
    expect(started.userErrors).toEqual([]);
    const op = await finished(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "COMPLETED", type: "MUTATION" });
    // Lines are not processed serially: results are matched by __lineNumber, not position.
    const written = await lines(op.url);
    expect(written.map((l) => l.__lineNumber)).not.toEqual([0, 1, 2, 3]);
    const out = written.sort((x, y) => x.__lineNumber - y.__lineNumber);
    expect(out).toEqual([
      {
        data: { tagsAdd: { node: { id: `gid://shopify/Customer/${a.id}` }, userErrors: [] } },
        __lineNumber: 0,
      },
      {
        data: {
          tagsAdd: {
            node: null,
            userErrors: [{ field: ["id"], message: "Customer does not exist" }],
          },
        },
        __lineNumber: 1,
      },
      { errors: [{ message: "Invalid JSON on line 2" }], __lineNumber: 2 },
      {
        data: { tagsAdd: { node: { id: `gid://shopify/Customer/${b.id}` }, userErrors: [] } },
        __lineNumber: 3,
      },
    ]);
    expect(a.tags).toEqual(["bulk"]);
    expect(b.tags).toEqual(["Bulk", "two"]);
  });

  it("refuses uploads whose file field is not last, missing files, and bulk mutations inside bulk mutations", async () => {
    expect((await stageUpload("{}", false)).status).toBe(400);
    const missing = (await gql(RUN_MUTATION, { m: TAGS, path: "tmp/none/vars.jsonl" })).data
      .bulkOperationRunMutation;
    expect(missing.userErrors[0]).toMatchObject({
      code: "NO_SUCH_FILE",
      field: ["stagedUploadPath"],
    });
    const { key } = await stageUpload("{}");
    const nested = (
      await gql(RUN_MUTATION, {
        m: `mutation { bulkOperationRunQuery(query: "{ shop { id } }") { userErrors { message } } }`,
        path: key,
      })
    ).data.bulkOperationRunMutation;
    expect(nested.userErrors[0].code).toBe("INVALID_MUTATION");
  });

  it("is not held back by the rate limit", async () => {
    const { key } = await stageUpload(
      JSON.stringify({ id: "gid://shopify/Customer/1", tags: ["x"] }),
    );
    sim.simulator.runtime(SHOP).bucket.drain();
    const res = await gql(RUN_MUTATION, { m: TAGS, path: key });
    expect(res.errors).toBeUndefined();
    expect(res.data.bulkOperationRunMutation.userErrors).toEqual([]);
    sim.simulator.runtime(SHOP).bucket.refund(100_000);
    await sim.idle();
  });
});

describe("bulk concurrency", () => {
  it("runs at most five operations per shop (LIMIT_REACHED), lists running ones, and cancels", async () => {
    sim.shop(SHOP).settings.bulkMinDurationMs = 60_000;
    const { key } = await stageUpload(
      JSON.stringify({ id: "gid://shopify/Customer/1", tags: ["x"] }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await gql(RUN_QUERY, { q: "{ segments { nodes { id } } }", g: false })).data
          .bulkOperationRunQuery.bulkOperation.id,
      );
    for (let i = 0; i < 2; i++)
      ids.push(
        (await gql(RUN_MUTATION, { m: TAGS, path: key })).data.bulkOperationRunMutation
          .bulkOperation.id,
      );
    const sixth = (await gql(RUN_QUERY, { q: "{ segments { nodes { id } } }", g: false })).data
      .bulkOperationRunQuery;
    expect(sixth).toMatchObject({ bulkOperation: null, userErrors: [{ code: "LIMIT_REACHED" }] });
    const running = await gql(
      `{ bulkOperations(first: 10, query: "status:running operation_type:mutation") { nodes { id type status } } }`,
    );
    expect(running.data.bulkOperations.nodes).toEqual(
      [ids[4], ids[3]].map((id) => ({ id, type: "MUTATION", status: "RUNNING" })),
    );
    for (const id of ids) {
      const res = await gql(
        `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
        { id },
      );
      expect(res.data.bulkOperationCancel).toEqual({
        bulkOperation: { status: "CANCELING" },
        userErrors: [],
      });
    }
    await sim.idle();
    for (const id of ids)
      expect((await gql(STATUS, { id })).data.bulkOperation.status).toBe("CANCELED");
    sim.shop(SHOP).settings.bulkMinDurationMs = 0;
    expect(
      (await gql(RUN_QUERY, { q: "{ segments { nodes { id } } }", g: false })).data
        .bulkOperationRunQuery.userErrors,
    ).toEqual([]);
    await sim.idle();
  });
});

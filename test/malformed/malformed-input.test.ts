// Malformed input, measured: every route and every webhook topic is sent
// hundreds of bad inputs (wrong content types, bodies of the wrong shape,
// huge or empty values, bad ids, numbers like 1e20, bytes that are not
// UTF-8). Each must get a 4xx with a message, never a 500, and leave the
// database as it was.
import { randomUUID } from "node:crypto";
import { API_SECRET_KEY, getHmac } from "@shopify/shopify-api/test-helpers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db/db.server";
import { FEATURES } from "../../app/features.server";
import { action as jobAction, loader as jobLoader } from "../../app/routes/app.jobs.$id";
import { loader as privacyLoader } from "../../app/routes/app.privacy._index";
import { loader as exportLoader } from "../../app/routes/app.privacy.$id.export";
import { action as loginAction } from "../../app/routes/auth.login/route";
import { loader as activityLoader } from "../../app/routes/app.activity";
import { action as newCampaign } from "../../app/routes/app.invitations.new";
import { action as campaignAction } from "../../app/routes/app.invitations.$id";
import { action as newTags } from "../../app/routes/app.customers.tags._index";
import { action as tagsAction } from "../../app/routes/app.customers.tags.$id";
import { action as newDeletion } from "../../app/routes/app.customers.delete._index";
import { action as deletionAction } from "../../app/routes/app.customers.delete.$id";
import { loader as backupLoader } from "../../app/routes/app.customers.delete.$id.backup";
import { action as settingsAction } from "../../app/routes/app.settings";
import { deleteShopData } from "../../app/shop/shop-data.server";
import { adminRequest } from "../support/admin-request";
import { routeArgs } from "../support/route-args";
import { useStoreSimulator } from "../support/store-simulator";

const SHOP = "malformed-input.myshopify.com";
const WEBHOOK_ROUTES = Object.fromEntries(
  await Promise.all(
    Object.keys(FEATURES.topics).map(async (topic) => {
      const module = await import(`../../app/routes/webhooks.${topic.replace("/", ".")}.tsx`);
      return [topic, module.action as (args: ReturnType<typeof routeArgs>) => Promise<Response>];
    }),
  ),
);

const counted: { total: number; byTarget: Record<string, number> } = { total: 0, byTarget: {} };

/** The answer to one bad input: a 4xx with a message, whether returned or thrown. */
async function answer(target: string, call: () => Promise<unknown>) {
  let result: unknown;
  try {
    result = await call();
  } catch (thrown) {
    result = thrown;
  }
  counted.total++;
  counted.byTarget[target] = (counted.byTarget[target] ?? 0) + 1;
  if (!(result instanceof Response))
    throw new Error(`${target}: answered ${JSON.stringify(result)}`);
  const text = await result.text();
  const message = text || result.statusText;
  if (result.status < 400 || result.status >= 500 || !message)
    throw new Error(`${target}: ${result.status} "${message}"`);
  return result.status;
}

/** Every row the shop holds. */
async function snapshot() {
  const rows = await Promise.all([
    db.shop.findMany({ where: { shop: SHOP } }),
    db.complianceRequest.findMany({ where: { shop: SHOP } }),
    db.task.findMany({ where: { shop: SHOP } }),
    db.job.findMany({ where: { shop: SHOP } }),
    db.jobItem.findMany({ where: { shop: SHOP } }),
    db.campaign.findMany({ where: { shop: SHOP } }),
    db.tagOperation.findMany({ where: { shop: SHOP } }),
    db.customerDeletion.findMany({ where: { shop: SHOP } }),
    db.activityEntry.findMany({ where: { shop: SHOP } }),
    db.customerSettings.findMany({ where: { shop: SHOP } }),
    db.mailSettings.findMany({ where: { shop: SHOP } }),
  ]);
  return JSON.stringify(rows);
}

const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/octet-stream",
  "",
];

// Bodies: random text, JSON of any shape, huge and empty values, odd numbers, broken UTF-8.
const bodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    "",
    "{}",
    "[]",
    "null",
    '{"id":1e20}',
    '{"customer":{"id":1e20},"shop_domain":"malformed-input.myshopify.com"}',
    '{"customer":{"id":-1},"shop_domain":"malformed-input.myshopify.com"}',
    '{"customer":{"id":"12abc"},"shop_domain":"malformed-input.myshopify.com"}',
    '{"current":"read_customers"}',
    '{"admin_graphql_api_id":null}',
    '{"myshopify_domain":42}',
    "intent=pause&intent=resume",
    "intent=%FF%FE",
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => Buffer.from([0xff, 0xfe, ...bytes])),
  fc.integer({ min: 1, max: 4 }).map((n) => "x".repeat(n * 2 * 1024 * 1024)),
);

const badIds = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1e20",
    "../../etc/passwd",
    "' OR 1=1 --",
    "%00",
    "x".repeat(5000),
  ),
);

describe("malformed input to every route and webhook topic", () => {
  useStoreSimulator([{ domain: SHOP, seed: false }]);
  let jobId = "";
  let before = "";

  beforeAll(async () => {
    await deleteShopData(db, SHOP);
    // A real job of the shop, so the routes' happy paths exist beside the bad inputs.
    const job = await db.job.create({
      data: { shop: SHOP, kind: "invite", params: "{}", status: "completed", total: 1 },
    });
    jobId = job.id;
    await db.jobItem.create({
      data: { shop: SHOP, jobId, seq: 0, target: "gid://shopify/Customer/1", status: "failed" },
    });
    await jobLoader({
      ...routeArgs(await adminRequest(SHOP, `/app/jobs/${jobId}`)),
      params: { id: jobId },
    });
    before = await snapshot();
  });

  afterAll(async () => {
    console.info(
      `malformed inputs sent: ${counted.total} (${Object.entries(counted.byTarget)
        .map(([target, n]) => `${target} ${n}`)
        .join(", ")})`,
    );
    expect(counted.total).toBeGreaterThanOrEqual(200);
    await deleteShopData(db, SHOP);
  });

  it.each(Object.keys(FEATURES.topics))(
    "webhook %s: signed but malformed deliveries get 400/413",
    async (topic) => {
      const definition = FEATURES.topics[topic]!;
      await fc.assert(
        fc.asyncProperty(bodies, fc.constantFrom(...CONTENT_TYPES), async (body, type) => {
          const raw = typeof body === "string" ? Buffer.from(body) : body;
          // A body that happens to be a valid payload is not malformed.
          try {
            const parsed = definition.payload.safeParse(JSON.parse(raw.toString("utf8")));
            fc.pre(!parsed.success);
          } catch (error) {
            if ((error as Error).name === "PreconditionFailure") throw error;
          }
          const request = new Request(`https://patron.test/webhooks/${topic}`, {
            method: "POST",
            body: raw,
            headers: {
              ...(type ? { "Content-Type": type } : {}),
              "X-Shopify-Topic": topic,
              "X-Shopify-Shop-Domain": SHOP,
              "X-Shopify-Webhook-Id": randomUUID(),
              "X-Shopify-API-Version": "2026-10",
              "X-Shopify-Hmac-Sha256": getHmac(raw as unknown as string, API_SECRET_KEY),
            },
          });
          const status = await answer(`webhook ${topic}`, () =>
            WEBHOOK_ROUTES[topic]!(routeArgs(request)),
          );
          expect([400, 413]).toContain(status);
        }),
        { numRuns: 30, seed: 4242 },
      );
    },
  );

  it.each(Object.keys(FEATURES.topics))(
    "webhook %s: bad signatures, headers and topics get 400/401",
    async (topic) => {
      const valid = JSON.stringify({
        shop_domain: SHOP,
        myshopify_domain: SHOP,
        customer: { id: 1 },
        current: [],
        admin_graphql_api_id: "x",
        status: "completed",
      });
      const cases: Record<string, string | undefined>[] = [
        { hmac: undefined },
        { hmac: "" },
        { hmac: "not base64!" },
        { hmac: getHmac(valid, "another secret") },
        { shop: "evil.example.com" },
        { shop: "" },
        { webhookId: "" },
        { topic: "orders/create" },
      ];
      for (const override of cases) {
        const request = new Request(`https://patron.test/webhooks/${topic}`, {
          method: "POST",
          body: valid,
          headers: Object.fromEntries(
            Object.entries({
              "X-Shopify-Topic": "topic" in override ? override.topic : topic,
              "X-Shopify-Shop-Domain": "shop" in override ? override.shop : SHOP,
              "X-Shopify-Webhook-Id": "webhookId" in override ? override.webhookId : randomUUID(),
              "X-Shopify-Hmac-Sha256":
                "hmac" in override ? override.hmac : getHmac(valid, API_SECRET_KEY),
            }).filter((entry): entry is [string, string] => entry[1] !== undefined),
          ),
        });
        const status = await answer(`webhook ${topic}`, () =>
          WEBHOOK_ROUTES[topic]!(routeArgs(request)),
        );
        expect([400, 401]).toContain(status);
      }
    },
  );

  it("the job page's action: bad forms, types, sizes and ids", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom(...CONTENT_TYPES), async (body, type) => {
        const text = typeof body === "string" ? body : "";
        fc.pre(!/^intent=(pause|resume|cancel|retry)$/.test(text));
        const request = await adminRequest(SHOP, `/app/jobs/${jobId}`, {
          method: "POST",
          body: typeof body === "string" ? body : new Uint8Array(body),
          headers: type ? { "Content-Type": type } : {},
        });
        await answer("POST /app/jobs/:id", () =>
          jobAction({ ...routeArgs(request), params: { id: jobId } }),
        );
      }),
      { numRuns: 40, seed: 77 },
    );
    await fc.assert(
      fc.asyncProperty(badIds, async (id) => {
        fc.pre(id !== jobId);
        const request = await adminRequest(SHOP, `/app/jobs/x`, {
          method: "POST",
          body: new URLSearchParams({ intent: "cancel" }),
        });
        expect(
          await answer("POST /app/jobs/:id", () =>
            jobAction({ ...routeArgs(request), params: { id } }),
          ),
        ).toBe(404);
      }),
      { numRuns: 15, seed: 78 },
    );
  });

  it("pages: bad ids and query parameters", async () => {
    const badPages = fc.oneof(
      fc.constantFrom("0", "-1", "1e20", "1.5", "abc", "", "NaN", "Infinity", "99999999999"),
      fc.string({ maxLength: 12 }).filter((s) => !/^\s*[1-9]\d{0,4}\s*$/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(badPages, async (page) => {
        const query = `?${new URLSearchParams({ failed: page })}`;
        const request = await adminRequest(SHOP, `/app/jobs/${jobId}${query}`);
        expect(
          await answer("GET /app/jobs/:id", () =>
            jobLoader({ ...routeArgs(request), params: { id: jobId } }),
          ),
        ).toBe(400);
        const list = await adminRequest(SHOP, `/app/privacy?${new URLSearchParams({ page })}`);
        expect(await answer("GET /app/privacy", () => privacyLoader(routeArgs(list)))).toBe(400);
      }),
      { numRuns: 20, seed: 79 },
    );
    await fc.assert(
      fc.asyncProperty(badIds, async (id) => {
        fc.pre(id !== jobId);
        const job = await adminRequest(SHOP, `/app/jobs/x`);
        expect(
          await answer("GET /app/jobs/:id", () => jobLoader({ ...routeArgs(job), params: { id } })),
        ).toBe(404);
        const file = await adminRequest(SHOP, `/app/privacy/x/export`);
        expect(
          await answer("GET /app/privacy/:id/export", () =>
            exportLoader({ ...routeArgs(file), params: { id } }),
          ),
        ).toBe(404);
      }),
      { numRuns: 15, seed: 80 },
    );
  });

  // Forms of the features' pages: a payload of the wrong shape, bytes that are
  // not a form, an unknown intent. Each answers 4xx and makes nothing.
  const FORMS: [string, (request: Request) => Promise<unknown>][] = [
    ["POST /app/invitations/new", (r) => newCampaign(routeArgs(r))],
    ["POST /app/invitations/:id", (r) => campaignAction({ ...routeArgs(r), params: { id: "x" } })],
    ["POST /app/customers/tags", (r) => newTags(routeArgs(r))],
    ["POST /app/customers/tags/:id", (r) => tagsAction({ ...routeArgs(r), params: { id: "x" } })],
    ["POST /app/customers/delete", (r) => newDeletion(routeArgs(r))],
    [
      "POST /app/customers/delete/:id",
      (r) => deletionAction({ ...routeArgs(r), params: { id: "x" } }),
    ],
    ["POST /app/settings", (r) => settingsAction(routeArgs(r))],
  ];
  const payloads = fc.oneof(
    bodies,
    fc.json({ maxDepth: 4 }).map((json) => `payload=${encodeURIComponent(json)}`),
    fc.constantFrom(
      "payload=%7B%22op%22%3A%22add%22%2C%22tags%22%3A%5B%5D%7D",
      "payload=%7B%22source%22%3A%7B%22type%22%3A%22manual%22%2C%22customerIds%22%3A%5B%22gid%3A%2F%2Fshopify%2FCustomer%2F0%22%5D%7D%7D",
      "intent=customers&backupDays=0",
      "intent=customers&backupDays=1e20",
      "intent=confirm&typed=" + "9".repeat(100),
      "intent=%FF",
    ),
  );
  it.each(FORMS)("%s: malformed forms get 4xx and change nothing", async (target, call) => {
    await fc.assert(
      fc.asyncProperty(payloads, fc.constantFrom(...CONTENT_TYPES), async (body, type) => {
        const request = await adminRequest(SHOP, "/app/form", {
          method: "POST",
          body: typeof body === "string" ? body : new Uint8Array(body),
          headers: type ? { "Content-Type": type } : {},
        });
        await answer(target, () => call(request));
      }),
      { numRuns: 25, seed: 90 },
    );
  });

  it("the activity log and backups: bad pages and ids", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("0", "-1", "1e20", "abc", "", "NaN"),
        badIds,
        async (page, id) => {
          const list = await adminRequest(SHOP, `/app/activity?${new URLSearchParams({ page })}`);
          expect(await answer("GET /app/activity", () => activityLoader(routeArgs(list)))).toBe(
            400,
          );
          const file = await adminRequest(SHOP, `/app/customers/delete/x/backup?format=csv`);
          expect(
            await answer("GET /app/customers/delete/:id/backup", () =>
              backupLoader({ ...routeArgs(file), params: { id } }),
            ),
          ).toBe(404);
        },
      ),
      { numRuns: 15, seed: 91 },
    );
  });

  it("the login form: bad shop domains", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom("", "evil.com", "a".repeat(3000), "x.myshopify.com.evil.com", "%00"),
        ),
        async (shop) => {
          const request = new Request("https://patron.test/auth/login", {
            method: "POST",
            body: new URLSearchParams({ shop }),
          });
          expect(await answer("POST /auth/login", () => loginAction(routeArgs(request)))).toBe(400);
        },
      ),
      { numRuns: 20, seed: 81 },
    );
  });

  it("left the database as it was", async () => {
    expect(await snapshot()).toBe(before);
  });
});

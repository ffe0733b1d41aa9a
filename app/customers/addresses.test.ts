// The military addresses page end to end on the store simulator: the scan
// (a bulk query over every address), its progress, the list and its pages,
// "Apply the suggested fix" through customerAddressUpdate, the review tag
// setting, and the bad inputs (malformed lines and requests, a customer
// deleted mid-scan, a redacted address, an app without address access).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { LocalQueue } from "../jobs/local-queue.server";
import { getQueue } from "../jobs/queue.server";
import { taskHandlers } from "../jobs/worker.server";
import { action, loader } from "../routes/app.customers.addresses";
import { action as bulkFinish } from "../routes/webhooks.bulk_operations.finish";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { deleteShopData } from "../shop/shop-data.server";
import { MILITARY_INVALID } from "../../test/store/seed-data";
import type { Json } from "../../test/store/testing";
import { adminRequest } from "../../test/support/admin-request";
import { installApp } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { webhookRequest } from "../../test/support/webhook-request";
import { checkScanLines } from "./addresses.server";

const SHOP = "military-scan.myshopify.com";
const LEVEL1 = "military-level1.myshopify.com";
const PATH = "/app/customers/addresses";
const gid = (id: number) => `gid://shopify/Customer/${id}`;

// The seed labels each invalid military address with the rule it breaks.
const SEED_RULES: Record<string, string[]> = {
  city: ["city_not_military"],
  state: ["state_not_military"],
  country: ["country_not_us"],
  street: ["unit_missing", "box_missing"],
};

describe("military addresses: scan, list, fix", () => {
  const simulator = useStoreSimulator([
    {
      domain: SHOP,
      seed: { customers: 300, seed: 16, militaryShare: 0.2 },
      // The bulk query runs a while, as Shopify's do: long enough to delete a customer meanwhile.
      bulkMinDurationMs: 150,
    },
    {
      domain: LEVEL1,
      protectedCustomerData: "level1",
      seed: { customers: 20, seed: 3, militaryShare: 0.5 },
    },
  ]);
  const queue = getQueue() as LocalQueue;
  const work = () => queue.drain(taskHandlers(db, queue, FEATURES), { shops: [SHOP, LEVEL1] });
  const store = () => simulator().shop(SHOP);
  const extras: Record<string, number> = {};

  beforeAll(async () => {
    for (const shop of [SHOP, LEVEL1]) await deleteShopData(db, shop);
    await installApp("military-scan");
    await installApp("military-level1");
    const actions = simulator().actions(SHOP);
    const add = (name: string, address: object) => {
      const c = actions.createCustomer({ email: `${name}@example.com`, address });
      extras[name] = c.id;
      return c;
    };
    // The markers in address2, the posting's town after them: flagged (place_name).
    add("address2", {
      address1: "SGT Jane Doe",
      address2: "PSC 1234 Box 5678, Ramstein",
      city: "APO",
      provinceCode: "AE",
      countryCode: "US",
      zip: "09012",
    });
    // ZIP+4: valid, counted as military, not flagged.
    add("zip4", {
      address1: "PSC 77 Box 12",
      city: "APO",
      provinceCode: "AE",
      countryCode: "US",
      zip: "09012-1234",
    });
    // A redacted address (every field null): ordinary, never flagged.
    add("redacted", {});
    // An ordinary default address, and a broken military one beside it (lower case, odd spacing).
    const second = add("second", {
      address1: "12 rue de la Paix",
      city: "Paris",
      countryCode: "FR",
      zip: "75002",
    });
    second.addresses.push({
      ...second.addresses[0]!,
      id: store().nextId("address"),
      address1: "  unit   2050 ",
      city: " apo ",
      provinceCode: "ae",
      countryCode: "US",
      zip: "96278",
    });
    // Will be deleted while the scan runs.
    add("deleted", {
      address1: "CMR 480 Box 123",
      city: "Kaiserslautern",
      provinceCode: "AE",
      countryCode: "US",
      zip: "09128",
    });
  });
  afterAll(async () => {
    for (const shop of [SHOP, LEVEL1]) await deleteShopData(db, shop);
  });

  async function page(shop = SHOP, path = PATH) {
    return loader(routeArgs(await adminRequest(shop, path)));
  }

  async function post(
    fields: Record<string, string>,
    shop = SHOP,
  ): Promise<{ status: number; body: Json }> {
    const request = await adminRequest(shop, PATH, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const response = await action(routeArgs(request));
    return { status: response.status, body: await response.json() };
  }

  /** Shopify's bulk_operations/finish for the shop's latest operation, delivered to the app. */
  async function deliverBulkFinish(shop: string) {
    const event = simulator()
      .simulator.webhooks.events(shop)
      .filter((e) => e.topic === "bulk_operations/finish")
      .at(-1)!;
    const response = await bulkFinish(
      routeArgs(webhookRequest({ topic: "bulk_operations/finish", shop, payload: event.payload })),
    );
    expect(response.status).toBe(200);
  }

  /** Until Shopify has run the shop's latest bulk query (its data read; it may not have finished). */
  async function operationRead(shop: string) {
    for (let i = 0; i < 400; i++) {
      const op = [...simulator().shop(shop).bulkOperations.values()].at(-1);
      if (op && (op.status === "RUNNING" || op.status === "COMPLETED")) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error("the bulk operation never ran");
  }

  it("GIVEN no scan yet THEN the page says how to start one, with the default review tag", async () => {
    const data = await page();
    expect(data).toMatchObject({
      scan: null,
      addresses: [],
      total: 0,
      pages: 1,
      settings: { reviewTag: "military-address-review" },
    });
  });

  it("GIVEN a scan WHEN it runs THEN progress shows, a second start is refused, and a customer deleted meanwhile is still listed from Shopify's read", async () => {
    const started = await post({ intent: "scan" });
    expect(started).toEqual({ status: 200, body: { intent: "scan", started: true } });
    await work(); // the task starts the bulk query
    const running = await page();
    expect(running.scan).toMatchObject({ status: "running", checked: 0 });
    expect(running.scan!.total).toBe(store().customers.size);
    expect((await post({ intent: "scan" })).body).toEqual({ intent: "scan", started: false });

    // Shopify has read the addresses; the customer is deleted before Patron checks them.
    await operationRead(SHOP);
    store().removeCustomer(extras.deleted!);
    await simulator().idle();
    await deliverBulkFinish(SHOP);
    await work();

    const data = await page();
    expect(data.scan).toMatchObject({ status: "completed", checked: store().customers.size + 1 });
    const seed = simulator().simulator.runtime(SHOP).seedSummary!.military;
    // Extras: address2, second and deleted are broken; zip4 is valid.
    expect(data.scan!.flagged).toBe(seed.invalid + 3);
    expect(data.scan!.military).toBe(seed.valid + seed.invalid + 4);
    expect(data.total).toBe(seed.invalid + 3);
  });

  it("GIVEN the scan's result THEN each seeded broken address is listed with the rule the seed broke, ordinary ones never", async () => {
    // Every page, as the merchant reads them.
    const first = await page();
    const listed = [first.addresses];
    for (let n = 2; n <= first.pages; n++)
      listed.push((await page(SHOP, `${PATH}?page=${n}`)).addresses);
    const rows = listed.flat();
    let seededBroken = 0;
    for (const c of store().customers.values()) {
      const a = c.addresses[0];
      const seeded = MILITARY_INVALID.find(
        (m) =>
          a &&
          m.address1 === a.address1 &&
          m.city === a.city &&
          m.provinceCode === a.provinceCode &&
          m.countryCode === a.countryCode &&
          m.zip === a.zip,
      );
      if (!seeded) continue;
      seededBroken++;
      const row = rows.find((r) => r.customerId === gid(c.id));
      expect(row, `customer ${c.id} breaks ${seeded.rule}`).toBeDefined();
      const rules = row!.problems.map((p) => p.rule);
      expect(
        rules.some((r) => SEED_RULES[seeded.rule]!.includes(r)),
        rules.join(", "),
      ).toBe(true);
    }
    expect(seededBroken).toBe(simulator().simulator.runtime(SHOP).seedSummary!.military.invalid);
    // Every listed address has a problem to show.
    expect(rows.every((r) => r.problems.length > 0)).toBe(true);
    const byCustomer = (name: string) => rows.filter((r) => r.customerId === gid(extras[name]!));
    // The extras: address2's place name, the non-default address, the redacted one not listed.
    expect(byCustomer("address2")).toHaveLength(1);
    expect(byCustomer("zip4")).toHaveLength(0);
    expect(byCustomer("redacted")).toHaveLength(0);
    expect(byCustomer("second")).toMatchObject([
      { isDefault: false, address: { provinceCode: "ae" } },
    ]);
  });

  it("GIVEN more addresses than a page THEN server-side pages of 25, a page past the end is empty, and a bad page number is a 400", async () => {
    const first = await page();
    expect(first.addresses.length).toBe(Math.min(25, first.total));
    expect(first.pages).toBe(Math.ceil(first.total / 25));
    if (first.pages > 1) {
      const second = await page(SHOP, `${PATH}?page=2`);
      expect(second.addresses[0]!.id).not.toBe(first.addresses[0]!.id);
    }
    expect((await page(SHOP, `${PATH}?page=999`)).addresses).toEqual([]);
    const bad = await page(SHOP, `${PATH}?page=-1`).catch((r: Response) => r);
    expect((bad as Response).status).toBe(400);
    // Viewing the addresses is in the access log (protected customer data), once per half hour.
    const logged = await db.dataAccess.findMany({
      where: { shop: SHOP, action: "military_addresses" },
    });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((l) => l.staff === "user:12345")).toBe(true);
  });

  it("GIVEN a fixable address THEN Apply the suggested fix changes only the fields it fixes in Shopify, and what no fix can repair stays listed", async () => {
    const row = (await db.militaryAddress.findFirst({
      where: { shop: SHOP, customerId: gid(extras.second!) },
    }))!;
    const answer = await post({ intent: "fix", id: row.id });
    // The state is fixed (AE → AP for a 962xx ZIP); the missing BOX needs the customer.
    expect(answer).toEqual({ status: 200, body: { intent: "fix", ok: true, remaining: 1 } });
    const address = store().customers.get(extras.second!)!.addresses[1]!;
    expect(address).toMatchObject({
      provinceCode: "AP",
      address1: "  unit   2050 ",
      city: " apo ",
    });
    const after = await db.militaryAddress.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "open", provinceCode: "AP" });
    // Nothing left to fix: the button has nothing to send.
    expect((await post({ intent: "fix", id: row.id })).body).toMatchObject({
      ok: false,
      code: "no_fix",
    });

    const placed = (await db.militaryAddress.findFirst({
      where: { shop: SHOP, customerId: gid(extras.address2!) },
    }))!;
    expect((await post({ intent: "fix", id: placed.id })).body).toEqual({
      intent: "fix",
      ok: true,
      remaining: 0,
    });
    expect(store().customers.get(extras.address2!)!.addresses[0]).toMatchObject({
      address1: "SGT Jane Doe",
      address2: "PSC 1234 Box 5678",
    });
    expect(await db.militaryAddress.findUniqueOrThrow({ where: { id: placed.id } })).toMatchObject({
      status: "fixed",
    });
    expect((await post({ intent: "fix", id: placed.id })).body).toMatchObject({ code: "not_open" });
  });

  it("GIVEN the customer deleted mid-scan, or an address deleted since THEN the fix says it is gone in Shopify and changes nothing", async () => {
    const deleted = (await db.militaryAddress.findFirst({
      where: { shop: SHOP, customerId: gid(extras.deleted!) },
    }))!;
    expect(await post({ intent: "fix", id: deleted.id })).toMatchObject({
      status: 409,
      // Its addresses went with it: Shopify knows the address id nowhere.
      body: { ok: false, code: "gone", message: expect.stringMatching(/^Invalid id: /) },
    });
    expect((await db.militaryAddress.findUniqueOrThrow({ where: { id: deleted.id } })).status).toBe(
      "gone",
    );

    // A seeded customer removes the flagged (and fixable: seeded city, state or country) address.
    const row = (await db.militaryAddress.findFirst({
      where: {
        shop: SHOP,
        status: "open",
        OR: [{ city: "New York" }, { provinceCode: "CA" }, { countryCode: "DE" }],
      },
    }))!;
    const customer = store().customers.get(Number(row.customerId.split("/").pop()))!;
    customer.addresses = [];
    customer.defaultAddressIndex = -1;
    expect((await post({ intent: "fix", id: row.id })).body).toMatchObject({
      ok: false,
      code: "gone",
    });
  });

  it("GIVEN bad requests THEN 400 or 409 with the reason, and nothing changes", async () => {
    const before = await db.militaryAddress.findMany({
      where: { shop: SHOP },
      orderBy: { id: "asc" },
    });
    expect(await post({ intent: "explode" })).toMatchObject({ status: 400 });
    expect(await post({ intent: "fix" })).toMatchObject({ status: 400 });
    expect(await post({ intent: "fix", id: "x".repeat(500) })).toMatchObject({ status: 400 });
    expect(await post({ intent: "fix", id: "no-such-row" })).toMatchObject({
      status: 409,
      body: { code: "not_found" },
    });
    // Another shop's row is not this shop's to fix.
    const other = await db.militaryAddress.create({
      data: {
        shop: LEVEL1,
        customerId: gid(1),
        addressId: "gid://shopify/MailingAddress/1",
        city: "Ramstein",
      },
    });
    expect((await post({ intent: "fix", id: other.id })).body).toMatchObject({ code: "not_found" });
    await db.militaryAddress.delete({ where: { id: other.id } });
    expect(
      await db.militaryAddress.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } }),
    ).toEqual(before);
  });

  it("GIVEN the review tag setting THEN a valid tag is saved, and an empty, comma or over-long one refused with its reason", async () => {
    expect(await post({ intent: "settings", reviewTag: "a,b" })).toMatchObject({
      status: 400,
      body: { errors: { reviewTag: ["comma"] } },
    });
    expect((await post({ intent: "settings", reviewTag: "   " })).body.errors).toEqual({
      reviewTag: ["empty"],
    });
    expect((await post({ intent: "settings", reviewTag: "x".repeat(256) })).body.errors).toEqual({
      reviewTag: ["too_long"],
    });
    expect((await post({ intent: "settings" })).body.errors).toEqual({ reviewTag: ["empty"] });
    expect(await post({ intent: "settings", reviewTag: "  APO check " })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect((await page()).settings).toEqual({ reviewTag: "APO check" });
  });

  it("GIVEN an app without access to addresses (protected data level 1) THEN the scan fails with the reason, not a crash", async () => {
    expect((await post({ intent: "scan" }, LEVEL1)).body.started).toBe(true);
    await work();
    await simulator().idle();
    await deliverBulkFinish(LEVEL1);
    await work();
    expect((await page(LEVEL1)).scan).toMatchObject({
      status: "failed",
      errorCode: "access_denied",
    });
    // The failed scan may be started again.
    expect((await post({ intent: "scan" }, LEVEL1)).body.started).toBe(true);
  });

  it("GIVEN malformed result lines THEN they are passed over, and the well-formed ones still checked", async () => {
    const broken = {
      id: "gid://shopify/MailingAddress/9",
      address1: "PSC 1 Box 2",
      city: "Ramstein",
      provinceCode: "AE",
      countryCodeV2: "US",
      zip: "09012",
    };
    const counts = await checkScanLines(db, LEVEL1, [
      { id: gid(1), defaultAddress: "not an object" },
      { id: 42, defaultAddress: broken }, // a customer id that is not text
      { defaultAddress: broken }, // no customer id
      { __parentId: gid(2), address1: 7, city: ["APO"], zip: null }, // no address id
      { __parentId: gid(3), ...broken, id: undefined },
      null as unknown as Record<string, unknown>,
      { id: gid(4), defaultAddress: null },
      { __parentId: gid(4), ...broken }, // the one good line
    ]);
    expect(counts).toEqual({ checked: 4, military: 1, flagged: 1 });
    expect(await db.militaryAddress.findMany({ where: { shop: LEVEL1 } })).toMatchObject([
      { customerId: gid(4), isDefault: false, city: "Ramstein" },
    ]);
  });

  it("GIVEN a customer's listed address THEN customers/data_request exports it and customers/redact erases it, another customer's untouched", async () => {
    const id = extras.second!;
    const customer = { id, email: "second@example.com", phone: null };
    const compliance = (topic: string) =>
      webhookRequest({ topic, shop: SHOP, payload: { shop_id: 1, shop_domain: SHOP, customer } });
    expect((await dataRequest(routeArgs(compliance("customers/data_request")))).status).toBe(200);
    await work();
    const request = await db.complianceRequest.findFirstOrThrow({
      where: { shop: SHOP, topic: "customers/data_request", customerId: String(id) },
    });
    const exported = JSON.parse(request.export!).data.militaryAddresses;
    expect(exported).toMatchObject([{ isDefault: false, provinceCode: "AP", status: "open" }]);

    const others = await db.militaryAddress.count({
      where: { shop: SHOP, customerId: { not: gid(id) } },
    });
    expect((await customersRedact(routeArgs(compliance("customers/redact")))).status).toBe(200);
    await work();
    expect(await db.militaryAddress.count({ where: { shop: SHOP, customerId: gid(id) } })).toBe(0);
    expect(
      await db.militaryAddress.count({ where: { shop: SHOP, customerId: { not: gid(id) } } }),
    ).toBe(others);
  });
});

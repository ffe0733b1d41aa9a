// The offers pages through real session tokens and the store simulator: a
// new automation from the form (bad terms refused with nothing made), the
// picker of shared codes, pause and resume, a suspended automation that
// cannot resume while its discount is gone, and a deletion that resets the
// figures and leaves issued codes usable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { loader as dashboard } from "../routes/app._index";
import { action as automationAction, loader as automationPage } from "../routes/app.offers.$id";
import { loader as offersPage } from "../routes/app.offers._index";
import { action as newAction, loader as newPage } from "../routes/app.offers.new";
import { adminRequest } from "../../test/support/admin-request";
import { installApp, testQueue } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { executorFor } from "../admin-api/client.server";
import { createDiscount } from "./discounts.server";
import { recordOfferEvent } from "./events.server";
import { CHECK_DISCOUNTS_TASK } from "./suspend.server";

const SHOP = "offer-pages.myshopify.com";
const OTHER = "offer-pages-other.myshopify.com";

describe("offers pages", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, currencyCode: "EUR", seed: { customers: 20, seed: 5 } },
    { domain: OTHER, seed: false },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("offer-pages");
    await installApp("offer-pages-other");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 1,
      workerId: "offer-pages-worker",
      shops: [SHOP],
    });
  });
  afterAll(() => worker.stop());

  const FORM = {
    name: "Merci",
    discountKind: "percentage",
    value: "15",
    codeMode: "unique",
    validityDays: "30",
    qualifies: "any_order",
    oncePerCustomer: "on",
    activate: "on",
  };
  const post = async (path: string, body: Record<string, string>, shop = SHOP) =>
    adminRequest(shop, path, { method: "POST", body: new URLSearchParams(body) });
  const create = async (body: Record<string, string>) =>
    (await newAction(routeArgs(await post("/app/offers/new", body)))) as Response;
  const page = async (id: string, shop = SHOP) =>
    automationPage({ ...routeArgs(await adminRequest(shop, `/app/offers/${id}`)), params: { id } });
  const move = async (id: string, intent: string) =>
    (await automationAction({
      ...routeArgs(await post(`/app/offers/${id}`, { intent })),
      params: { id },
    })) as Response;

  it("GIVEN bad terms THEN the form says what is wrong for each field and nothing is made", async () => {
    const before = await db.offerAutomation.count({ where: { shop: SHOP } });
    const discounts = simulator().shop(SHOP).discounts.size;
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ value: "150" }, { value: "percentage" }],
      [{ value: "-1" }, { value: "percentage" }],
      [{ discountKind: "fixed_amount", value: "4.999" }, { value: "amount" }],
      [{ name: "  " }, { name: "required" }],
      [{ validityDays: "0" }, { validityDays: "days" }],
      [{ codeMode: "shared", sharedCode: "" }, { sharedCode: "required" }],
      [{ codeMode: "shared", sharedCode: "TWO WORDS" }, { sharedCode: "codeChars" }],
      [{ qualifies: "over_amount", qualifyAmount: "" }, { qualifyAmount: "amount" }],
    ];
    for (const [change, errors] of cases) {
      const response = await create({ ...FORM, ...change });
      expect(response.status).toBe(400);
      expect((await response.json()).errors).toMatchObject(errors);
    }
    expect(await db.offerAutomation.count({ where: { shop: SHOP } })).toBe(before);
    expect(simulator().shop(SHOP).discounts.size).toBe(discounts);
  });

  it("GIVEN a good form THEN the automation is made and on, the discount check is scheduled, and the activity log says who", async () => {
    const response = await create(FORM);
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    expect(await db.offerAutomation.findFirst({ where: { id, shop: SHOP } })).toMatchObject({
      status: "active",
      value: "15",
      codeMode: "unique",
      oncePerCustomer: true,
    });
    expect(
      await db.task.count({ where: { shop: SHOP, name: CHECK_DISCOUNTS_TASK } }),
    ).toBeGreaterThan(0);
    const entry = await db.activityEntry.findFirst({
      where: { shop: SHOP, action: "offers.create" },
    });
    expect(entry).toMatchObject({ subject: "Merci" });
    expect(entry!.staff).toMatch(/^user:/);
    // Another shop cannot open it.
    await expect(page(id, OTHER)).rejects.toMatchObject({ status: 404 });
  });

  it("GIVEN store discounts THEN the picker lists active codes for everyone only, and a picked one is shared as is", async () => {
    const customer = [...simulator().shop(SHOP).customers.values()][0]!;
    const terms = {
      kind: "percentage" as const,
      value: "10",
      title: "Welcome back",
      startsAt: new Date(),
      endsAt: null,
      minimumSubtotal: null,
      usageLimit: null,
    };
    const everyone = await createDiscount(executorFor(SHOP), {
      ...terms,
      code: "WELCOME-BACK",
      customerId: null,
    });
    await createDiscount(executorFor(SHOP), {
      ...terms,
      code: "ONLY-ONE",
      customerId: `gid://shopify/Customer/${customer.id}`,
    });
    const { discounts } = await newPage(routeArgs(await adminRequest(SHOP, "/app/offers/new")));
    const codes = discounts.map((d) => d.code);
    expect(codes).toContain("WELCOME-BACK");
    expect(codes).not.toContain("ONLY-ONE");
    const picked = discounts.find((d) => d.code === "WELCOME-BACK")!;
    expect(picked.id).toBe(everyone);
    const sizeBefore = simulator().shop(SHOP).discounts.size;
    const response = await create({
      ...FORM,
      name: "Partagé",
      codeMode: "shared",
      existingDiscountId: picked.id,
    });
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    // The offer is what the discount gives (10 %), whatever the form said (15 %).
    expect(await db.offerAutomation.findUnique({ where: { id } })).toMatchObject({
      discountId: picked.id,
      code: "WELCOME-BACK",
      discountKind: "percentage",
      value: "10",
    });
    expect(simulator().shop(SHOP).discounts.size).toBe(sizeBefore);
    // A discount deleted between the list and the save is refused, nothing made.
    simulator().actions(SHOP).deleteDiscount(everyone.split("/").pop()!);
    const gone = await create({ ...FORM, codeMode: "shared", existingDiscountId: picked.id });
    expect(gone.status).toBe(400);
    expect((await gone.json()).errors).toEqual({ existingDiscountId: "discount" });
  });

  it("GIVEN a suspended automation whose discount is gone THEN it cannot resume, and every list says so", async () => {
    const response = await create({
      ...FORM,
      name: "Gone",
      codeMode: "shared",
      sharedCode: "GONE-SOON",
    });
    const id = response.headers.get("Location")!.split("/").pop()!;
    const automation = (await db.offerAutomation.findUnique({ where: { id } }))!;
    simulator().actions(SHOP).deleteDiscount(automation.discountId!.split("/").pop()!);
    await db.offerAutomation.update({
      where: { id },
      data: { status: "suspended", suspendedReason: "discount_deleted", suspendedAt: new Date() },
    });
    const refused = await move(id, "resume");
    expect(refused.status).toBe(409);
    expect((await refused.json()).errors).toEqual({ move: "discount_deleted" });
    expect((await db.offerAutomation.findUnique({ where: { id } }))!.status).toBe("suspended");
    const home = await dashboard(routeArgs(await adminRequest(SHOP, "/app")));
    expect(home.suspended.map((a) => a.id)).toContain(id);
    const list = await offersPage(routeArgs(await adminRequest(SHOP, "/app/offers")));
    expect(list.automations.find((a) => a.id === id)).toMatchObject({
      status: "suspended",
      suspendedReason: "discount_deleted",
    });
    // Pausing a suspended automation is not a move it has.
    expect((await move(id, "pause")).status).toBe(409);
  });

  it("GIVEN an automation with figures THEN pause and activate log, and deleting it resets its figures", async () => {
    const response = await create({ ...FORM, name: "Figures" });
    const id = response.headers.get("Location")!.split("/").pop()!;
    const at = new Date(Date.now() - 2 * 86_400_000);
    for (const [kind, n] of [
      ["issued", 1],
      ["issued", 2],
      ["redeemed", 1],
    ] as const)
      await recordOfferEvent(db, SHOP, {
        automationId: id,
        offerId: null,
        kind,
        orderId: `gid://shopify/Order/${900 + n}`,
        sourceId: `gid://shopify/Order/${900 + n}`,
        customerId: `gid://shopify/Customer/${n}`,
        amountMinor: kind === "redeemed" ? 4200 : 0,
        currencyCode: "EUR",
        at,
      });
    const shown = await page(id);
    expect(shown.figures).toMatchObject({ issued: 2, redeemedOrders: 1, salesMinor: 4200 });
    expect((await move(id, "pause")).status).toBe(200);
    expect((await move(id, "pause")).status).toBe(409);
    expect((await move(id, "activate")).status).toBe(200);
    const deleted = await move(id, "delete");
    expect(deleted.status).toBe(302);
    expect(await db.offerEvent.count({ where: { shop: SHOP, automationId: id } })).toBe(0);
    const actions = await db.activityEntry.findMany({
      where: { shop: SHOP, subject: "Figures" },
      orderBy: { at: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "offers.create",
      "offers.pause",
      "offers.activate",
      "offers.delete",
    ]);
    await expect(page(id)).rejects.toMatchObject({ status: 404 });
  });
});

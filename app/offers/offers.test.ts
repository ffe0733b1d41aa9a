// Post-purchase offers on the store simulator: an automation issues one
// offer per qualifying order (a unique code restricted to the customer,
// written on the order and the customer), each rule of seed 003, the
// redemption counted from the order's codes, and the automation suspending
// itself, with a notice mail, when its discount is deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { closeMailTransports } from "../mail/mail.server";
import { saveMailSettings } from "../mail/settings.server";
import { action as ordersCreate } from "../routes/webhooks.orders.create";
import { action as discountsDelete } from "../routes/webhooks.discounts.delete";
import { orderPayload } from "../../test/store/payloads";
import { startMailCapture, type MailCapture } from "../../test/store/mail-capture";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { fifteenPercent } from "../../test/support/offers";
import { webhookRequest } from "../../test/support/webhook-request";
import {
  AutomationInput,
  AutomationInputError,
  createAutomation,
  setAutomationState,
  updateAutomation,
} from "./automations.server";
import { offerForOrder } from "./lookup.server";

const SHOP = "offers.myshopify.com";
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

describe("post-purchase offers", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", currencyCode: "EUR", seed: { customers: 60, seed: 17 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  let capture: MailCapture;
  beforeAll(async () => {
    await installApp("offers");
    capture = await startMailCapture();
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 2,
      workerId: "offers-worker",
      shops: [SHOP],
    });
  });
  afterAll(async () => {
    await worker.stop();
    closeMailTransports();
    await capture.stop();
  });

  const store = () => simulator().shop(SHOP);
  const executor = () => executorFor(SHOP);
  const automation = (input: Partial<AutomationInput>) =>
    createAutomation(db, executor(), SHOP, fifteenPercent(input), {
      currencyCode: "EUR",
      staff: "user:3",
    });

  /** An order placed in the store, delivered to the app as Shopify does, and its offers' job run. */
  async function order(customerId: number | null, discountCode?: string) {
    const placed = simulator()
      .actions(SHOP)
      .placeOrder({
        ...(customerId ? { customerId } : { email: "guest@example.com" }),
        subtotal: 80,
        discountCode,
      });
    const payload = orderPayload(store(), placed);
    if (!customerId) (payload as { customer: unknown }).customer = null;
    const deliver = () =>
      ordersCreate(
        routeArgs(
          webhookRequest({
            topic: "orders/create",
            shop: SHOP,
            payload,
            webhookId: `o-${placed.id}`,
          }),
        ),
      );
    expect((await deliver()).status).toBe(200);
    const orderId = gid("Order", placed.id);
    // The delivery's task done, then the job it made (if any) finished.
    for (let i = 0; i < 200; i++) {
      const waiting = await db.task.count({
        where: { shop: SHOP, name: "webhook", status: { in: ["queued", "leased"] } },
      });
      if (!waiting) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const handled = await db.offerOrder.findUnique({
      where: { shop_orderId: { shop: SHOP, orderId } },
    });
    if (!handled) throw new Error("orders/create was not handled");
    if (handled.jobId) await waitForJob(db, handled.jobId);
    return { orderId, deliver };
  }

  const used = new Set<number>();
  /** A customer no test has given an offer yet. */
  const customerWithoutOffers = () => {
    const c = [...store().customers.values()].find((c) => c.email && !used.has(c.id))!;
    used.add(c.id);
    return c;
  };

  it("GIVEN a 15 % unique-code automation THEN an order gets one code only its customer can use, written on the order and the customer; a duplicate delivery changes nothing", async () => {
    const auto = await automation({ name: "Merci" });
    const customer = customerWithoutOffers();
    const { orderId, deliver } = await order(customer.id);
    const offers = await db.issuedOffer.findMany({ where: { shop: SHOP, orderId } });
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(offer).toMatchObject({ status: "issued", discountKind: "percentage", value: "15" });
    const discount = store().discountByCode(offer.code!)!;
    expect(discount.context).toEqual({ kind: "customers", customerIds: [customer.id] });
    expect(discount.usageLimit).toBe(1);
    for (const owner of [orderId, gid("Customer", customer.id)])
      expect(JSON.parse(store().metafield(owner, "patron", "offer")!.value)).toMatchObject({
        code: offer.code,
        kind: "percentage",
        value: "15",
      });
    expect(await offerForOrder(db, SHOP, orderId)).toMatchObject({
      status: "issued",
      offer: { code: offer.code },
    });
    // The same delivery again: no second job, no second offer, no second discount.
    const discounts = store().discounts.size;
    expect((await deliver()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db.issuedOffer.count({ where: { shop: SHOP, orderId } })).toBe(1);
    expect(store().discounts.size).toBe(discounts);
    await db.offerAutomation.update({ where: { id: auto.id }, data: { status: "paused" } });
  });

  it("GIVEN a customer holding an unused offer THEN a second order gives none; using the code counts as a redemption with the order's total", async () => {
    const auto = await automation({ name: "Tack", value: "10" });
    const customer = customerWithoutOffers();
    const first = await order(customer.id);
    const offer = (await db.issuedOffer.findFirst({
      where: { shop: SHOP, orderId: first.orderId, automationId: auto.id },
    }))!;
    const second = await order(customer.id);
    const items = await db.jobItem.findMany({
      where: { shop: SHOP, target: auto.id, status: "skipped" },
    });
    expect(items.map((i) => i.error)).toContain("holds_offer");
    expect(
      await db.issuedOffer.count({ where: { automationId: auto.id, orderId: second.orderId } }),
    ).toBe(0);

    const third = await order(customer.id, offer.code!);
    const event = await db.offerEvent.findFirst({
      where: { shop: SHOP, orderId: third.orderId, kind: "redeemed" },
    });
    expect(event).toMatchObject({ automationId: auto.id, offerId: offer.id });
    expect(event!.amountMinor).toBeGreaterThan(0);
    expect((await db.issuedOffer.findUnique({ where: { id: offer.id } }))!.usedAt).not.toBeNull();
    await db.offerAutomation.update({ where: { id: auto.id }, data: { status: "paused" } });
  });

  it("GIVEN an automation edited after an offer THEN the issued offer keeps its terms; a paused one issues nothing and its codes stay usable", async () => {
    const auto = await automation({ name: "Takk", value: "20" });
    const customer = customerWithoutOffers();
    const { orderId } = await order(customer.id);
    const before = (await db.issuedOffer.findFirst({ where: { orderId, automationId: auto.id } }))!;
    await updateAutomation(
      db,
      SHOP,
      auto.id,
      AutomationInput.parse({
        name: "Takk",
        discountKind: "percentage",
        value: "5",
        codeMode: "unique",
        validityDays: 10,
        qualifies: "any_order",
      }),
    );
    const after = (await db.issuedOffer.findUnique({ where: { id: before.id } }))!;
    expect(after).toMatchObject({ value: "20", endsAt: before.endsAt });
    expect(store().discountByCode(before.code!)).toBeDefined();
    expect(await setAutomationState(db, SHOP, auto.id, "pause")).toBe(true);
    const other = customerWithoutOffers();
    const paused = await order(other.id);
    expect(
      await db.issuedOffer.count({ where: { orderId: paused.orderId, automationId: auto.id } }),
    ).toBe(0);
    expect(store().discountByCode(before.code!)).toBeDefined();
  });

  it("GIVEN a guest order THEN no offer, and the block is told so", async () => {
    const auto = await automation({ name: "Gjest" });
    const { orderId } = await order(null);
    expect(await db.issuedOffer.count({ where: { orderId } })).toBe(0);
    const item = await db.jobItem.findFirst({ where: { target: auto.id, error: "guest" } });
    expect(item).not.toBeNull();
    expect(await offerForOrder(db, SHOP, orderId)).toEqual({ status: "none" });
    await setAutomationState(db, SHOP, auto.id, "pause");
  });

  it("GIVEN bad terms or a code that exists THEN a clear reason and nothing half-made", async () => {
    const before = {
      automations: await db.offerAutomation.count(),
      discounts: store().discounts.size,
    };
    const attempts: [Partial<AutomationInput>, string, string][] = [
      [{ value: "101" }, "value", "percentage"],
      [{ value: "-3" }, "value", "percentage"],
      [{ discountKind: "fixed_amount", value: "5.555" }, "value", "amount"],
      [{ codeMode: "shared", sharedCode: "WELCOME10" }, "sharedCode", "taken"],
      [{ qualifies: "over_amount", qualifyAmount: "abc" }, "qualifyAmount", "amount"],
    ];
    for (const [input, field, code] of attempts) {
      const error = await automation(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AutomationInputError);
      expect((error as AutomationInputError).errors[field]).toBe(code);
    }
    expect(await db.offerAutomation.count()).toBe(before.automations);
    expect(store().discounts.size).toBe(before.discounts);
  });

  it("GIVEN a shared-code automation whose discount is deleted THEN it suspends itself and mails the notice address", async () => {
    await saveMailSettings(
      db,
      SHOP,
      {
        host: capture.host,
        port: capture.port,
        security: "none",
        user: null,
        password: null,
        fromAddress: "shop@offers.example",
        fromName: null,
        noticeAddress: "owner@offers.example",
      },
      "fr",
    );
    const auto = await automation({
      name: "Partagé",
      codeMode: "shared",
      sharedCode: "MERCI-PARTAGE",
    });
    const discount = store().discountByCode("MERCI-PARTAGE")!;
    simulator().actions(SHOP).deleteDiscount(discount.id);
    const response = await discountsDelete(
      routeArgs(
        webhookRequest({
          topic: "discounts/delete",
          shop: SHOP,
          payload: { admin_graphql_api_id: auto.discountId },
        }),
      ),
    );
    expect(response.status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const row = await db.offerAutomation.findUniqueOrThrow({ where: { id: auto.id } });
      if (row.status === "suspended") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await db.offerAutomation.findUniqueOrThrow({ where: { id: auto.id } })).toMatchObject({
      status: "suspended",
      suspendedReason: "discount_deleted",
    });
    await expect.poll(() => capture.messages().length, { timeout: 5000 }).toBe(1);
    const mail = capture.messages()[0]!;
    expect(mail.to).toEqual(["owner@offers.example"]);
    expect(mail.text).toContain("Partagé");
  });

  it("GIVEN a shared code deleted before its webhook arrives THEN the next order gets no dead code and the automation suspends itself", async () => {
    const auto = await automation({
      name: "Partagé tôt",
      codeMode: "shared",
      sharedCode: "MERCI-TOT",
    });
    simulator().actions(SHOP).deleteDiscount(store().discountByCode("MERCI-TOT")!.id);
    const { orderId } = await order(customerWithoutOffers().id);
    expect(await db.issuedOffer.count({ where: { orderId, automationId: auto.id } })).toBe(0);
    const item = await db.jobItem.findFirst({ where: { target: auto.id } });
    expect(item).toMatchObject({ status: "skipped", error: "discount_deleted" });
    expect(await db.offerAutomation.findUniqueOrThrow({ where: { id: auto.id } })).toMatchObject({
      status: "suspended",
      suspendedReason: "discount_deleted",
    });
  });

  it("GIVEN an issued unique code whose discount is deleted in Shopify THEN the offer is revoked, the blocks stop showing it, and the customer may earn another", async () => {
    const auto = await automation({ name: "Révoqué" });
    const customer = customerWithoutOffers();
    const first = await order(customer.id);
    const offer = (await db.issuedOffer.findFirst({
      where: { shop: SHOP, orderId: first.orderId, automationId: auto.id },
    }))!;
    simulator().actions(SHOP).deleteDiscount(offer.discountId!.split("/").pop()!);
    const response = await discountsDelete(
      routeArgs(
        webhookRequest({
          topic: "discounts/delete",
          shop: SHOP,
          payload: { admin_graphql_api_id: offer.discountId },
        }),
      ),
    );
    expect(response.status).toBe(200);
    await expect
      .poll(async () => (await db.issuedOffer.findUnique({ where: { id: offer.id } }))!.status)
      .toBe("revoked");
    expect(await offerForOrder(db, SHOP, first.orderId)).not.toMatchObject({ status: "issued" });
    // The automation itself goes on: unique codes have no one discount to lose.
    expect((await db.offerAutomation.findUnique({ where: { id: auto.id } }))!.status).toBe(
      "active",
    );
    const second = await order(customer.id);
    expect(
      await db.issuedOffer.count({
        where: { automationId: auto.id, orderId: second.orderId, status: "issued" },
      }),
    ).toBe(1);
    await setAutomationState(db, SHOP, auto.id, "pause");
  });
});

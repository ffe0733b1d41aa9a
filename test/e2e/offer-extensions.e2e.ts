// Patron's offer blocks as the customer sees them, on the demo's harness
// pages (test/store/extension-harness.ts): the extensions' own source,
// session tokens signed as Shopify signs them, the app's backend called
// cross-origin. A guest order of a shop with no automation shows nothing; with
// a 15 % unique-code automation, the thank-you page first says the code is
// being prepared, then shows it, in Swedish, French and English.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopApi } from "../../app/admin-api/executor.server";
import type { Database } from "../../app/db/db.server";
import { startDemo, type Demo } from "../store/demo";
import { fifteenPercent } from "../support/offers";
import { appFrame, launchBrowser, newPage, screenshot } from "./browser";

type PlacedOrder = { id: string; name: string; customerId: string | null };

describe("the offer blocks on the demo's thank-you and order status pages", () => {
  let demo: Demo;
  let browser: Browser;
  let db: Database;

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "patron-e2e-")), "demo.db")}`;
    demo = await startDemo({ port: 0, customers: 200, databaseUrl });
    browser = await launchBrowser();
    // The app's own modules on the demo's database (this process is not the app's).
    process.env.DATABASE_URL = databaseUrl;
    process.env.SHOPIFY_API_KEY ??= "patron-demo";
    process.env.SHOPIFY_API_SECRET ??= demo.apiSecret;
    process.env.SHOPIFY_APP_URL ??= demo.url;
    const { createDatabase } = await import("../../app/db/db.server");
    db = createDatabase(databaseUrl);
    // The merchant opens Patron once: the shop is installed (token exchange).
    const { page } = await newPage(browser, demo.url);
    await page.goto("/");
    await appFrame(page)
      .getByText("Customer accounts", { exact: true })
      .waitFor({ timeout: 30_000 });
    await page.close();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await browser?.close();
    await demo?.stop();
  });

  const control = async <T>(route: string, body?: object): Promise<T> => {
    const response = await fetch(`${demo.url}/__simulator/shops/${demo.shop}${route}`, {
      method: body ? "POST" : "GET",
      headers: { "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${route}: ${JSON.stringify(json)}`);
    return json;
  };

  /** The harness page of an order, opened as the store controls link it (on 127.0.0.1). */
  function harness(handle: string, order: PlacedOrder, locale: string, customer = true) {
    const port = new URL(demo.url).port;
    const q = new URLSearchParams({ order: order.id, name: order.name, locale });
    if (customer && order.customerId) q.set("customer", order.customerId);
    return `http://127.0.0.1:${port}/extensions/${handle}?${q}`;
  }

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await newPage(browser);
    await opened.page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(url).origin,
    });
    await opened.page.goto(url);
    return opened;
  }

  it("GIVEN a guest order of a shop with no automation THEN the thank-you page shows no block at all", async () => {
    const order = await control<PlacedOrder>("/orders", {
      email: "guest-e2e@example.com",
      subtotal: 40,
    });
    const url = harness("offer-thank-you", order, "en", false);
    const { page, errors } = await newPage(browser);
    const answered = page.waitForResponse(
      (r) => r.url().includes("/api/offers") && r.request().method() === "GET",
    );
    await page.goto(url);
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "none" });
    await page.waitForTimeout(300);
    expect(await page.locator("#extension-root").innerHTML()).toBe("");
    expect(await page.locator("s-banner").count()).toBe(0);
    await screenshot(page, "offer-thank-you-none-en");
    expect(errors).toEqual([]);
  });

  it("GIVEN a 15 % unique-code automation THEN the thank-you page says the code is coming, then shows it; in French too; and on the order status page", async () => {
    const { createAutomation } = await import("../../app/offers/automations.server");
    const shop = await control<{ currencyCode: string }>("");
    // A unique code needs no Admin API call to set up: nothing may reach for it.
    const noApi = new Proxy({} as ShopApi, {
      get: () => {
        throw new Error("a unique-code automation makes no discount up front");
      },
    });
    await createAutomation(db, noApi, demo.shop, fifteenPercent(), {
      currencyCode: shop.currencyCode,
      staff: null,
    });

    const customers = await control<{ id: string; email: string | null }[]>("/customers?limit=20");
    const customer = customers.find((c) => c.email)!;
    // The app's next Admin API request is held 4 s, as a slow Shopify would: the
    // thank-you page is open before the offer exists.
    await control("/faults", { lateMs: 4_000, script: ["late"] });
    const order = await control<PlacedOrder>("/orders", {
      customerId: customer.id,
      subtotal: 80,
    });

    const { page, errors } = await open(harness("offer-thank-you", order, "sv"));
    await page.getByText("Din kod förbereds…").waitFor({ timeout: 10_000 });
    await expect(page.locator("s-spinner").count()).resolves.toBe(1);
    await screenshot(page, "offer-thank-you-pending-sv");

    await page.getByText("15 % rabatt").waitFor({ timeout: 20_000 });
    const offer = await db.issuedOffer.findFirstOrThrow({
      where: { shop: demo.shop, orderId: order.id, status: "issued" },
    });
    await expect(page.getByText(offer.code!, { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText("Din kod förbereds…").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await control("/faults", { reset: true });

    // The same order's thank-you page in French: the code at once, the copy button copies it.
    const fr = await open(harness("offer-thank-you", order, "fr"));
    await fr.page.getByText(offer.code!, { exact: true }).waitFor({ timeout: 15_000 });
    const frText = (await fr.page.locator("#extension-root").innerText()).replace(/\s/g, " ");
    expect(frText).toContain("15 % de réduction");
    expect(frText).toMatch(/Valable jusqu'au \d{1,2} \S+ \d{4}/);
    await expect(fr.page.locator("s-banner").getAttribute("heading")).resolves.toBe(
      "Une récompense pour votre prochaine commande",
    );
    await screenshot(fr.page, "offer-thank-you-fr");
    await fr.page.getByRole("button", { name: "Copier le code" }).click();
    await fr.page.getByRole("button", { name: "Copié" }).waitFor({ timeout: 5_000 });
    await expect(fr.page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(offer.code);
    expect(fr.errors).toEqual([]);

    // The order status page of customer accounts, for the order's customer.
    const status = await open(harness("offer-order-status", order, "en"));
    await status.page.getByText(offer.code!, { exact: true }).waitFor({ timeout: 15_000 });
    const enText = await status.page.locator("#extension-root").innerText();
    expect(enText).toContain("15% off");
    expect(enText).toMatch(/Valid until [A-Z][a-z]+ \d{1,2}, \d{4}/);
    await screenshot(status.page, "offer-order-status-en");
    expect(status.errors).toEqual([]);

    // The store controls link each recent order to both pages.
    const admin = await newPage(browser, demo.url);
    await admin.page.goto("/");
    const links = admin.page.locator(`#offer-orders li[data-order="${order.id}"] a`);
    await links.first().waitFor({ timeout: 10_000 });
    await expect(links.allTextContents()).resolves.toEqual(["Thank-you page", "Order status page"]);
    expect(await links.first().getAttribute("href")).toContain("/extensions/offer-thank-you?");
  });

  it("GIVEN the offer takes longer than the block waits THEN it says plainly where the code will arrive, in Norwegian", async () => {
    const customers = await control<{ id: string; email: string | null }[]>("/customers?limit=20");
    const customer = customers.filter((c) => c.email)[1]!;
    // Shopify answers the app's next request only after 20 s: the block gives up waiting at 15 s.
    await control("/faults", { lateMs: 20_000, script: ["late"] });
    try {
      const order = await control<PlacedOrder>("/orders", {
        customerId: customer.id,
        subtotal: 80,
      });
      const { page, errors } = await open(harness("offer-thank-you", order, "nb"));
      await page.getByText("Koden din gjøres klar…").waitFor({ timeout: 10_000 });
      const later = page.getByText(
        "Koden din er på vei: du finner den på ordrestatussiden og i e-posten din.",
      );
      await later.waitFor({ timeout: 25_000 });
      await expect(page.locator("s-spinner").count()).resolves.toBe(0);
      await screenshot(page, "offer-thank-you-later-nb");
      expect(errors).toEqual([]);
    } finally {
      await control("/faults", { reset: true });
    }
  });
});

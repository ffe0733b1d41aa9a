// Post-purchase offers in npm run demo, in a browser, in French: a 15 %
// unique-code automation made from the form, an order placed in the store
// controls earns a code only that customer can use, a second order with the
// code shows in the automation's figures; a shared-code automation whose
// discount is deleted in the store controls suspends itself, with a banner.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type Demo } from "../store/demo";
import { appFrame, hydrated, launchBrowser, newPage, screenshot } from "./browser";

async function openApp(page: Page, appPath: string, locale = "fr"): Promise<Frame> {
  await page.goto(`/?locale=${locale}&path=${encodeURIComponent(appPath)}`);
  const frame = appFrame(page);
  await hydrated(frame);
  return frame;
}

describe("post-purchase offers in npm run demo, in a browser (French)", () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "patron-e2e-")), "demo.db")}`;
    demo = await startDemo({ port: 0, customers: 200, databaseUrl });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const store = () => demo.simulator.shop(demo.shop);

  /** An order placed from the store controls panel, for a customer and with codes. */
  async function placeOrder(page: Page, customerId: number, codes = "") {
    const before = store().orders.size;
    const value = await page
      .locator("#order-customer option")
      .evaluateAll(
        (options, id) =>
          options
            .map((o) => (o as HTMLOptionElement).value)
            .find((v) => v.split("/").pop() === String(id)),
        customerId,
      );
    await page.locator("#order-customer").selectOption(value!);
    await page.locator("#order-code").fill(codes);
    await page.locator("#order").click();
    await expect.poll(() => store().orders.size, { timeout: 10_000 }).toBe(before + 1);
  }

  it("a 15 % unique-code automation gives a customer their own code, and the order that uses it is counted", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    // As a merchant: the app's nav menu, then the title bar's action.
    await page.goto("/?locale=fr");
    await appFrame(page).getByText("Comptes clients", { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator("#app-nav a", { hasText: "Offres" }).click();
    await page.locator("#app-title", { hasText: "Offres" }).waitFor({ timeout: 30_000 });
    await hydrated(appFrame(page));
    await page.locator("#app-actions button", { hasText: "Nouvelle automatisation" }).click();
    let frame = appFrame(page);
    await frame.getByRole("textbox", { name: "Nom", exact: true }).waitFor({ timeout: 30_000 });
    await hydrated(frame);
    await frame.getByRole("textbox", { name: "Nom", exact: true }).fill("Merci 15 %");
    await expect(frame.getByRole("textbox", { name: "Valeur" }).inputValue()).resolves.toBe("15");
    await screenshot(page, "offers-new-fr");
    await frame.getByRole("button", { name: "Enregistrer l'automatisation" }).click();
    await frame.getByText("Active", { exact: true }).first().waitFor({ timeout: 15_000 });
    const automationPath = new URL(frame.url()).pathname;
    expect(automationPath).toMatch(/^\/app\/offers\/\w+$/);

    // A customer the store controls list, with an email.
    await page.locator("#order-customer option").first().waitFor({ state: "attached" });
    const listed = await page
      .locator("#order-customer option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const customer = listed
      .map((value) => store().customers.get(Number(value.split("/").pop())))
      .find((c) => c?.email)!;
    const discountsBefore = store().discounts.size;
    await placeOrder(page, customer.id);
    // The offer is issued through the webhook and a job: a new discount, for that customer only.
    await expect.poll(() => store().discounts.size, { timeout: 30_000 }).toBe(discountsBefore + 1);
    const discount = [...store().discounts.values()].at(-1)!;
    expect(discount.context).toEqual({ kind: "customers", customerIds: [customer.id] });
    expect(discount.value).toMatchObject({ kind: "percentage", percentage: 0.15 });
    const code = discount.codes[0]!.code;

    frame = await openApp(page, automationPath);
    await frame.getByText(code, { exact: true }).waitFor({ timeout: 15_000 });
    await frame.getByText("Pas encore utilisée", { exact: true }).waitFor();

    await placeOrder(page, customer.id, code);
    await expect.poll(() => discount.asyncUsageCount, { timeout: 10_000 }).toBe(1);
    const used = async () => {
      frame = await openApp(page, automationPath);
      return frame.getByText("Utilisée", { exact: true }).count();
    };
    await expect.poll(used, { timeout: 30_000, interval: 1000 }).toBe(1);
    const redeemed = frame.getByText("Commandes avec un code", { exact: true }).first();
    await expect(redeemed.locator("xpath=following-sibling::*[1]").textContent()).resolves.toBe(
      "1",
    );
    await frame
      .getByText("par Shopify est le même que celui de Patron : 1", { exact: false })
      .waitFor();
    // The chart drawn (its legend names the series), then the picture.
    await expect
      .poll(() => frame.getByText("Offres données", { exact: true }).count())
      .toBeGreaterThanOrEqual(3);
    await screenshot(page, "offers-automation-fr");

    frame = await openApp(page, "/app/offers");
    await frame.getByText("Merci 15 %", { exact: true }).waitFor();
    await expect
      .poll(() => frame.getByText("Offres données", { exact: true }).count())
      .toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(500);
    await screenshot(page, "offers-list-fr");
    expect(errors).toEqual([]);
  });

  it("a shared-code automation whose discount is deleted in the store controls suspends itself and says so", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    page.on("dialog", (dialog) => void dialog.accept());
    let frame = await openApp(page, "/app/offers/new");
    await frame.getByRole("textbox", { name: "Nom", exact: true }).fill("Code partagé");
    await frame.getByText("Un seul code pour tous", { exact: true }).click();
    await frame.getByRole("textbox", { name: "Code", exact: true }).fill("merci-tous");
    await frame.getByRole("button", { name: "Enregistrer l'automatisation" }).click();
    await frame.getByText("Active", { exact: true }).first().waitFor({ timeout: 15_000 });
    const discount = store().discountByCode("MERCI-TOUS")!;
    expect(discount.context).toEqual({ kind: "all" });

    const row = page.locator("#discounts li", { hasText: "MERCI-TOUS" });
    await row.getByRole("button", { name: "Delete" }).click();
    await expect
      .poll(() => store().discountByCode("MERCI-TOUS"), { timeout: 10_000 })
      .toBe(undefined);
    const suspended = "L'automatisation « Code partagé » s'est arrêtée d'elle-même";
    const banner = async () => {
      frame = await openApp(page, "/app/offers");
      return frame.getByText(suspended, { exact: false }).count();
    };
    await expect.poll(banner, { timeout: 30_000, interval: 1000 }).toBe(1);
    await screenshot(page, "offers-suspended-fr");
    // The dashboard says so too.
    await page.goto("/?locale=fr");
    await appFrame(page).getByText(suspended, { exact: false }).waitFor({ timeout: 30_000 });
    // The same list in Swedish.
    frame = await openApp(page, "/app/offers", "sv");
    await frame.getByText("Avstängd", { exact: true }).first().waitFor();
    await screenshot(page, "offers-list-sv");
    expect(errors).toEqual([]);
  });
});

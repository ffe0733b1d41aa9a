import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";

export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-results/e2e");

// Flags that keep Chromium from reaching for Google's services on a closed network.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// A person's browser: shopify-app-remix answers 410 to user agents it takes for bots (HeadlessChrome).
const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ARGS,
  });
}

export async function newPage(
  browser: Browser,
  baseURL?: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    userAgent: USER_AGENT,
    baseURL,
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors };
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

export function appFrame(page: Page): Frame {
  const frame = page.frame({ name: "app-iframe" });
  if (!frame) throw new Error("the app's iframe is missing");
  return frame;
}

/**
 * Waits until React has hydrated the app's page: a click on server-rendered
 * HTML before that is lost. React marks the elements it owns with its props.
 */
export async function hydrated(frame: Frame): Promise<void> {
  await frame.waitForURL(/\/app(\/|\?|$)/, { timeout: 30_000 });
  await frame.waitForFunction(
    () => {
      const button = document.querySelector("button, input");
      return !!button && Object.keys(button).some((key) => key.startsWith("__reactProps"));
    },
    undefined,
    { timeout: 30_000 },
  );
}

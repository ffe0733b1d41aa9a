import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_URL } from "./config";
import {
  POLL_BUDGET_MS,
  askOffer,
  intlFormatter,
  nextView,
  offerLines,
  offersUrl,
  orderGid,
  parseAnswer,
  pollOffer,
  type Answer,
  type Offer,
  type View,
} from "./logic";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LANGUAGES = ["en.default", "fr", "sv", "nb"];
const EXTENSIONS = ["offer-thank-you", "offer-order-status"];
const locale = (extension: string, language: string) =>
  JSON.parse(
    readFileSync(
      path.join(
        ROOT,
        "extensions",
        extension,
        "locales",
        `${language === "en" ? "en.default" : language}.json`,
      ),
      "utf8",
    ),
  ) as Record<string, unknown>;

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-30T12:00:00Z");
const offer = (over: Partial<Offer> = {}): Offer => ({
  code: "MERCI-7K2P9Q",
  kind: "percentage",
  value: "15",
  currencyCode: "EUR",
  minimumSubtotal: null,
  endsAt: "2026-12-30T12:00:00.000Z",
  ...over,
});

/** shopify.i18n.translate over a locale file: dotted keys, {{placeholders}}. */
function translator(messages: Record<string, unknown>) {
  return (key: string, params: Record<string, string> = {}) => {
    const found = key.split(".").reduce<unknown>((node, part) => {
      return node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    }, messages);
    if (typeof found !== "string") throw new Error(`missing ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? `{{${name}}}`);
  };
}

describe("the order id", () => {
  it("GIVEN orderConfirmation's OrderIdentity gid or the order status page's Order gid THEN the Order gid", () => {
    expect(orderGid("gid://shopify/OrderIdentity/6278078300337")).toBe(
      "gid://shopify/Order/6278078300337",
    );
    expect(orderGid("gid://shopify/Order/12")).toBe("gid://shopify/Order/12");
    for (const bad of [
      undefined,
      null,
      "",
      "12",
      "gid://shopify/Customer/1",
      "gid://shopify/Order/0",
    ])
      expect(orderGid(bad)).toBeNull();
  });

  it("is asked of the app's absolute URL (the block runs on Shopify's origin), the one shopify.app.toml names", () => {
    expect(offersUrl("checkout", "gid://shopify/Order/12", "https://patron.example")).toBe(
      "https://patron.example/api/offers?surface=checkout&orderId=gid%3A%2F%2Fshopify%2FOrder%2F12",
    );
    const toml = readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8");
    expect(toml).toContain(`application_url = "${APP_URL}"`);
  });
});

describe("an answer", () => {
  it("GIVEN issued, pending or none THEN read as such; a broken offer or a refusal THEN a final error", () => {
    expect(parseAnswer(200, { status: "issued", offer: offer() })).toEqual({
      status: "issued",
      offer: offer(),
    });
    expect(parseAnswer(200, { status: "pending" })).toEqual({ status: "pending" });
    expect(parseAnswer(200, { status: "none" })).toEqual({ status: "none" });
    for (const broken of [
      { ...offer(), code: "" },
      { ...offer(), kind: "bxgy" },
      { ...offer(), value: "0" },
      { ...offer(), endsAt: "soon" },
      null,
    ])
      expect(parseAnswer(200, { status: "issued", offer: broken })).toEqual({
        status: "error",
        retryable: false,
      });
    for (const status of [400, 401, 404])
      expect(parseAnswer(status, { error: "x" })).toEqual({ status: "error", retryable: false });
    for (const status of [429, 500, 503])
      expect(parseAnswer(status, null)).toEqual({ status: "error", retryable: true });
  });

  it("is asked with a fresh session token as a bearer; a network failure is retryable", async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const answer = await askOffer(
      "customer_account",
      "gid://shopify/Order/5",
      async () => "tok-1",
      async (url, init) => {
        seen.push({ url, init });
        return new Response(JSON.stringify({ status: "none" }), { status: 200 });
      },
    );
    expect(answer).toEqual({ status: "none" });
    expect(seen[0]!.url).toBe(offersUrl("customer_account", "gid://shopify/Order/5"));
    expect(seen[0]!.init.headers).toEqual({ Authorization: "Bearer tok-1" });
    const offline = await askOffer(
      "checkout",
      "gid://shopify/Order/5",
      async () => "t",
      () => Promise.reject(new TypeError("Failed to fetch")),
    );
    expect(offline).toEqual({ status: "error", retryable: true });
  });
});

describe("waiting for the offer", () => {
  const at = (elapsedMs: number, attempt: number) => ({ elapsedMs, attempt, now: NOW });
  const checking: View = { kind: "checking" };
  const pending: View = { kind: "pending" };

  it("GIVEN issued or none THEN final at once; an offer already past its end THEN nothing", () => {
    expect(nextView(checking, { status: "issued", offer: offer() }, at(0, 1))).toEqual({
      view: { kind: "issued", offer: offer() },
      retryInMs: null,
    });
    expect(nextView(pending, { status: "none" }, at(4_000, 3))).toEqual({
      view: { kind: "none" },
      retryInMs: null,
    });
    const ended = offer({ endsAt: new Date(NOW - DAY).toISOString() });
    expect(nextView(checking, { status: "issued", offer: ended }, at(0, 1)).view).toEqual({
      kind: "none",
    });
  });

  it("GIVEN pending THEN asks again after longer and longer waits, and says 'later' when the budget is spent", () => {
    expect(nextView(checking, { status: "pending" }, at(0, 1))).toEqual({
      view: pending,
      retryInMs: 1_000,
    });
    expect(nextView(pending, { status: "pending" }, at(1_000, 2)).retryInMs).toBe(1_500);
    expect(nextView(pending, { status: "pending" }, at(12_000, 6)).retryInMs).toBe(3_000);
    expect(nextView(pending, { status: "pending" }, at(12_001, 6))).toEqual({
      view: { kind: "later" },
      retryInMs: null,
    });
  });

  it("GIVEN errors THEN retried within the budget; after a pending answer they end in 'later', otherwise in nothing", () => {
    const flaky: Answer = { status: "error", retryable: true };
    expect(nextView(checking, flaky, at(0, 1))).toEqual({ view: checking, retryInMs: 1_000 });
    expect(nextView(checking, flaky, at(POLL_BUDGET_MS, 7)).view).toEqual({ kind: "none" });
    expect(nextView(pending, flaky, at(POLL_BUDGET_MS, 7)).view).toEqual({ kind: "later" });
    const refused: Answer = { status: "error", retryable: false };
    expect(nextView(checking, refused, at(0, 1))).toEqual({
      view: { kind: "none" },
      retryInMs: null,
    });
    expect(nextView(pending, refused, at(2_000, 2)).view).toEqual({ kind: "later" });
  });

  /** pollOffer on a fake clock: each ask answers the next of `answers`. */
  async function run(answers: Answer[]) {
    let clock = 0;
    const views: string[] = [];
    const asks: number[] = [];
    const final = await pollOffer({
      ask: async () => {
        asks.push(clock);
        return answers.shift() ?? { status: "pending" };
      },
      onView: (view) => views.push(view.kind),
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => clock,
    });
    return { final, views, asks };
  }

  it("GIVEN pending, pending, issued THEN the pending line, then the offer, asked at 0, 1 s and 2.5 s", async () => {
    const { final, views, asks } = await run([
      { status: "pending" },
      { status: "pending" },
      { status: "issued", offer: offer({ endsAt: "2999-01-01T00:00:00Z" }) },
    ]);
    expect(views).toEqual(["pending", "issued"]);
    expect(asks).toEqual([0, 1_000, 2_500]);
    expect(final.kind).toBe("issued");
  });

  it("GIVEN pending forever THEN 'later' after about 15 s and no endless waiting", async () => {
    const { final, views, asks } = await run([]);
    expect(views).toEqual(["pending", "later"]);
    expect(final).toEqual({ kind: "later" });
    expect(asks.at(-1)).toBeLessThanOrEqual(POLL_BUDGET_MS);
    expect(asks.length).toBeLessThanOrEqual(8);
  });

  it("GIVEN none at once THEN nothing is ever shown", async () => {
    const { final, views } = await run([{ status: "none" }]);
    expect(views).toEqual(["none"]);
    expect(final).toEqual({ kind: "none" });
  });

  it("GIVEN the block is gone THEN it stops asking", async () => {
    let asks = 0;
    let live = true;
    await pollOffer({
      ask: async () => (asks++, { status: "pending" }),
      onView: () => undefined,
      sleep: async () => {
        live = false;
      },
      isLive: () => live,
    });
    expect(asks).toBe(1);
  });
});

describe("the offer in the buyer's language and currency", () => {
  const say = (language: string, intl: string, o: Offer) => {
    const t = translator(locale("offer-thank-you", language));
    const lines = offerLines(o, intlFormatter(intl));
    return {
      value: t(lines.value.key, lines.value.params),
      minimum: lines.minimum && t(lines.minimum.key, lines.minimum.params),
      expires: t(lines.expires.key, lines.expires.params),
    };
  };

  it("GIVEN 15 % in French THEN « 15 % de réduction », the date in French", () => {
    const fr = say("fr", "fr-FR", offer());
    expect(fr.value.replace(/\s/g, " ")).toBe("15 % de réduction");
    expect(fr.expires).toBe("Valable jusqu'au 30 décembre 2026");
    expect(fr.minimum).toBeNull();
    expect(say("en", "en-US", offer()).value).toBe("15% off");
  });

  it("GIVEN an amount and a minimum THEN both in the offer's currency, in the buyer's locale", () => {
    const sv = say(
      "sv",
      "sv-SE",
      offer({ kind: "fixed_amount", value: "100", currencyCode: "SEK", minimumSubtotal: "500.00" }),
    );
    expect(sv.value.replace(/\s/g, " ")).toBe("100,00 kr rabatt");
    expect(sv.minimum?.replace(/\s/g, " ")).toBe("vid köp för minst 500,00 kr");
    const en = say(
      "en",
      "en-US",
      offer({ kind: "fixed_amount", value: "10.00", minimumSubtotal: "50" }),
    );
    expect(en.value).toBe("€10.00 off");
    expect(en.minimum).toBe("on orders of €50.00 or more");
    expect(en.expires).toBe("Valid until December 30, 2026");
  });

  it("GIVEN free shipping THEN no amount; Norwegian dates read as Norwegian", () => {
    const nb = say("nb", "nb-NO", offer({ kind: "free_shipping", value: null }));
    expect(nb.value).toBe("Gratis frakt");
    expect(nb.expires).toBe("Gyldig til og med 30. desember 2026");
  });
});

describe("the translations", () => {
  /** Every key path with its {{placeholders}}. */
  const shape = (node: unknown, prefix = ""): string[] =>
    node && typeof node === "object"
      ? Object.entries(node).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k))
      : [`${prefix} ${[...String(node).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()}`];

  it("GIVEN en, fr, sv, nb for both blocks THEN the same keys and placeholders everywhere", () => {
    const reference = shape(locale("offer-thank-you", "en.default")).sort();
    for (const extension of EXTENSIONS)
      for (const language of LANGUAGES)
        expect(shape(locale(extension, language)).sort(), `${extension}/${language}`).toEqual(
          reference,
        );
  });

  it("GIVEN the two blocks THEN they say the offer alike and differ only in name and 'later'", () => {
    for (const language of LANGUAGES) {
      const { name: a, later: la, ...thankYou } = locale("offer-thank-you", language);
      const { name: b, later: lb, ...orderStatus } = locale("offer-order-status", language);
      expect(orderStatus).toEqual(thankYou);
      expect(a).not.toBe(b);
      expect(la).not.toBe(lb);
    }
  });
});

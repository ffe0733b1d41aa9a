// The military addresses page as the merchant sees it, in each state (no
// scan, reading, checking, done, failed) and each language: every string is
// translated, and each problem shows its rule and suggested fix. The data is
// what the loader returns (its own tests run it against the simulator).
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../i18n/config";
import { createI18n } from "../i18n/instance";
import MilitaryAddresses from "./app.customers.addresses";

const NOW = "2026-11-30T10:00:00.000Z";
const scan = (fields: object) => ({
  status: "running",
  total: 100,
  read: 0,
  checked: 0,
  military: 0,
  flagged: 0,
  errorCode: null,
  error: null,
  startedAt: NOW,
  finishedAt: null,
  ...fields,
});
const ROW = {
  id: "row-1",
  customerId: "gid://shopify/Customer/5",
  isDefault: true,
  status: "open",
  error: null,
  address: {
    address1: "PSC 1234 Box 5678, Ramstein",
    city: "Ramstein",
    provinceCode: "AP",
    zip: "09012",
    countryCodeV2: "US",
  },
  kind: "APO",
  problems: [
    { rule: "city_not_military", field: "city", fix: "APO", found: "Ramstein" },
    { rule: "state_zip_mismatch", field: "provinceCode", fix: "AE", found: "AP" },
    { rule: "place_name", field: "address1", fix: "PSC 1234 Box 5678", found: "Ramstein" },
  ],
  fixable: true,
};
const data = (scanState: object | null, addresses: object[]) => ({
  scan: scanState,
  addresses,
  total: addresses.length,
  counts: {},
  page: 1,
  pages: 1,
  settings: { reviewTag: "military-address-review" },
});

const STATES: [string, ReturnType<typeof data>][] = [
  ["no scan", data(null, [])],
  ["reading", data(scan({ read: 40 }), [ROW])],
  ["checking", data(scan({ read: 140, checked: 30 }), [ROW])],
  ["done, nothing to fix", data(scan({ status: "completed", checked: 100, finishedAt: NOW }), [])],
  [
    "failed",
    data(scan({ status: "failed", errorCode: "access_denied", error: "FAILED ACCESS_DENIED" }), []),
  ],
];

async function render(locale: (typeof SUPPORTED_LOCALES)[number], loaderData: object) {
  const routes = [
    { id: "page", path: "/", loader: () => loaderData, Component: MilitaryAddresses },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("https://patron.test/"));
  if (context instanceof Response) throw context;
  const html = renderToString(
    <I18nextProvider i18n={createI18n(locale)}>
      <AppProvider i18n={polarisEn}>
        <StaticRouterProvider
          router={createStaticRouter(handler.dataRoutes, context)}
          context={context}
        />
      </AppProvider>
    </I18nextProvider>,
  );
  // The text only: the hydration data at the end repeats the loader's.
  return html
    .split("<script")[0]!
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

describe("the military addresses page", () => {
  it.each(STATES.flatMap(([name, d]) => SUPPORTED_LOCALES.map((l) => [name, l, d] as const)))(
    "%s, in %s: every string translated",
    async (_name, locale, loaderData) => {
      const text = await render(locale, loaderData);
      expect(text).not.toMatch(/customers\.addresses\./);
      expect(text).not.toMatch(/\{\{/);
    },
  );

  it("shows each problem's rule and its suggested fix, the fix button and the progress", async () => {
    const text = await render("en", STATES[2]![1]);
    expect(text).toContain("The city must be APO, FPO or DPO only");
    expect(text).toContain("Suggested fix: City → APO");
    expect(text).toContain("The ZIP code belongs to AE, not to AP.");
    expect(text).toContain("Suggested fix: Address → PSC 1234 Box 5678");
    expect(text).toContain("Apply the suggested fix");
    expect(text).toContain("Checking the addresses of 30 of 100 customers.");
    expect(await render("fr", STATES[4]![1])).toContain("L&#x27;analyse a échoué");
  });
});

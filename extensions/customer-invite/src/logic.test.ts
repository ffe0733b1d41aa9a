import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  NoDeprecatedCustomRule,
  buildClientSchema,
  parse,
  specifiedRules,
  validate,
  type IntrospectionQuery,
} from "graphql";
import { describe, expect, it } from "vitest";
import {
  CUSTOMER_QUERY,
  INVITATIONS_PATH,
  MAX_SELECTION,
  SHOP_QUERY,
  SKIP_REASONS,
  campaignHref,
  canSend,
  eligibility,
  failureView,
  invitationRequest,
  parseAnswer,
  readCustomer,
  readShopAccounts,
  resultView,
  sendInvitations,
  singleOutcome,
  stateLabelKey,
  validateSelection,
  type CustomerFacts,
  type InvitationResult,
} from "./logic";

const gid = (n: number) => `gid://shopify/Customer/${n}`;
const ids = (count: number) => Array.from({ length: count }, (_, i) => ({ id: gid(i + 1) }));

const result = (over: Partial<InvitationResult> = {}): InvitationResult => ({
  campaignId: "cmp_1",
  mode: "classic",
  queued: 1,
  skipped: [],
  campaignUrl: "/app/invitations/cmp_1",
  ...over,
});

describe("the selection", () => {
  it("GIVEN 1 or 250 customers THEN all are sent, duplicates once", () => {
    expect(validateSelection([{ id: gid(7) }, { id: gid(7) }])).toEqual({
      ok: true,
      customerIds: [gid(7)],
    });
    const full = validateSelection(ids(MAX_SELECTION));
    expect(full.ok && full.customerIds.length).toBe(250);
  });

  it("GIVEN nothing, 251 customers or another resource THEN it names the problem and sends nothing", () => {
    expect(validateSelection([])).toEqual({ ok: false, problem: "empty", count: 0 });
    expect(validateSelection(ids(251))).toEqual({ ok: false, problem: "too_many", count: 251 });
    for (const id of [
      "gid://shopify/Order/1",
      "gid://shopify/Customer/0",
      "gid://shopify/Customer/1x",
      "1",
    ])
      expect(validateSelection([{ id: gid(1) }, { id }])).toMatchObject({
        ok: false,
        problem: "not_customers",
      });
  });
});

describe("the request", () => {
  it("is a JSON POST of the ids to the app's /api/invitations, with no token of its own", () => {
    const { url, init } = invitationRequest([gid(1), gid(2)]);
    expect(url).toBe(INVITATIONS_PATH);
    expect(url).toBe("/api/invitations");
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({
      "Content-Type": "application/json",
      Accept: "application/json",
    });
    expect(JSON.parse(String(init.body))).toEqual({ customerIds: [gid(1), gid(2)] });
  });
});

describe("the answer", () => {
  it("GIVEN 200 with the contract's body THEN it is sent, skipped rows kept", () => {
    const body = result({
      mode: "new",
      queued: 2,
      skipped: [{ customerId: gid(3), reason: "no_consent" }],
    });
    expect(parseAnswer(200, body)).toEqual({ kind: "sent", result: body });
  });

  it("GIVEN 200 with a body off the contract THEN it is unexpected, and retryable", () => {
    for (const body of [
      undefined,
      [],
      { ...result(), mode: "legacy" },
      { ...result(), queued: -1 },
      { ...result(), queued: 1.5 },
      { ...result(), campaignId: "" },
      { ...result(), skipped: [{ customerId: gid(1), reason: "spam" }] },
      { ...result(), campaignUrl: undefined },
    ])
      expect(parseAnswer(200, body)).toEqual({
        kind: "failed",
        failure: { reason: "unexpected", status: 200, message: null, retryable: true },
      });
  });

  it.each([
    [400, { error: "customerIds: at most 250" }, "bad_request", "customerIds: at most 250", false],
    [401, undefined, "unauthorized", null, false],
    [
      409,
      { error: "Accounts are off", code: "accounts_disabled" },
      "accounts_disabled",
      "Accounts are off",
      false,
    ],
    [409, { error: "Conflict" }, "server", "Conflict", true],
    [429, { error: "Slow down" }, "busy", "Slow down", true],
    [500, { error: "Boom" }, "server", "Boom", true],
    [503, "<html>", "server", null, true],
    [502, { error: "  " }, "server", null, true],
  ] as const)("GIVEN %i %j THEN %s", (status, body, reason, message, retryable) => {
    expect(parseAnswer(status, body)).toEqual({
      kind: "failed",
      failure: { reason, status, message, retryable },
    });
  });

  it("shows the backend's message where it speaks to the merchant, our own text otherwise", () => {
    const view = (status: number, body: unknown) => {
      const outcome = parseAnswer(status, body);
      if (outcome.kind !== "failed") throw new Error("expected a failure");
      return failureView(outcome.failure);
    };
    expect(view(400, { error: "Bad ids" })).toEqual({
      textKey: "error.bad_request",
      backendMessage: "Bad ids",
      retryable: false,
    });
    expect(view(409, { error: "Off", code: "accounts_disabled" }).backendMessage).toBe("Off");
    expect(view(500, {})).toEqual({
      textKey: "error.server",
      backendMessage: null,
      retryable: true,
    });
    expect(view(401, { error: "jwt expired" })).toEqual({
      textKey: "error.unauthorized",
      backendMessage: null,
      retryable: false,
    });
  });
});

describe("sending", () => {
  const answer = (status: number, body: string) => async () =>
    new Response(body, { status, headers: { "Content-Type": "application/json" } });

  it("GIVEN the backend answers THEN the outcome follows its status and body", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const outcome = await sendInvitations([gid(1)], async (url, init) => {
      calls.push({ url, init });
      return answer(200, JSON.stringify(result()))();
    });
    expect(outcome).toEqual({ kind: "sent", result: result() });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("/api/invitations");

    expect(await sendInvitations([gid(1)], answer(401, ""))).toMatchObject({
      kind: "failed",
      failure: { reason: "unauthorized", status: 401 },
    });
    expect(await sendInvitations([gid(1)], answer(500, "Internal Server Error"))).toMatchObject({
      kind: "failed",
      failure: { reason: "server", status: 500, message: null },
    });
  });

  it("GIVEN no answer at all THEN it is a network failure, not an exception", async () => {
    const outcome = await sendInvitations([gid(1)], async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(outcome).toEqual({
      kind: "failed",
      failure: { reason: "network", status: 0, message: null, retryable: true },
    });
  });
});

describe("what a result shows", () => {
  it("counts skipped customers by reason, in a fixed order, and links to the campaign", () => {
    const view = resultView(
      result({
        queued: 240,
        skipped: [
          { customerId: gid(1), reason: "no_email" },
          { customerId: gid(2), reason: "enabled" },
          { customerId: gid(3), reason: "no_email" },
        ],
      }),
    );
    expect(view).toEqual({
      mode: "classic",
      queued: 240,
      skippedTotal: 3,
      skipped: [
        { reason: "enabled", count: 1 },
        { reason: "no_email", count: 2 },
      ],
      campaignHref: "/app/invitations/cmp_1",
    });
  });

  it("links with the backend's campaign path, or rebuilds it from the id when it is anything else", () => {
    expect(campaignHref({ campaignId: "c 1", campaignUrl: "/app/invitations/c1" })).toBe(
      "/app/invitations/c1",
    );
    for (const campaignUrl of [
      "https://evil.example/app/invitations/1",
      "//evil/x",
      "/app/jobs/1",
      "",
    ])
      expect(campaignHref({ campaignId: "c/1", campaignUrl })).toBe("/app/invitations/c%2F1");
  });

  it("for one customer: queued, or the backend's reason", () => {
    expect(singleOutcome(result(), gid(1))).toEqual({ queued: true });
    expect(
      singleOutcome(
        result({ queued: 0, skipped: [{ customerId: gid(1), reason: "declined_recently" }] }),
        gid(1),
      ),
    ).toEqual({ queued: false, reason: "declined_recently" });
    expect(singleOutcome(result({ queued: 0 }), gid(1))).toEqual({ queued: false, reason: null });
  });
});

describe("the customer page", () => {
  const data = (
    over: { state?: string; email?: string | null; version?: string; setting?: string } = {},
  ) => ({
    customer: {
      id: gid(1),
      displayName: "Åsa Lind",
      state: over.state ?? "DISABLED",
      defaultEmailAddress:
        over.email === null ? null : { emailAddress: over.email ?? "asa@example.se" },
    },
    shop: {
      customerAccounts: over.setting ?? "OPTIONAL",
      customerAccountsV2: { customerAccountsVersion: over.version ?? "CLASSIC" },
    },
  });
  const facts = (over: Parameters<typeof data>[0] = {}) => {
    const customer = readCustomer(data(over));
    if (!customer) throw new Error("unreadable");
    return customer;
  };

  it("reads the query's answer", () => {
    expect(readCustomer(data())).toEqual<CustomerFacts>({
      id: gid(1),
      name: "Åsa Lind",
      email: "asa@example.se",
      state: "DISABLED",
      accounts: { enabled: true, mode: "classic" },
    });
    expect(readCustomer({ customer: null, shop: data().shop })).toBeNull();
    expect(readCustomer(undefined)).toBeNull();
    expect(
      readCustomer({ ...data(), customer: { ...data().customer, displayName: " " } })?.name,
    ).toBeNull();
    expect(
      readShopAccounts({
        shop: data({ version: "NEW_CUSTOMER_ACCOUNTS", setting: "DISABLED" }).shop,
      }),
    ).toEqual({
      enabled: false,
      mode: "new",
    });
    expect(readShopAccounts({})).toBeNull();
  });

  it.each([
    [{ state: "DISABLED" }, "disabled", true],
    [{ state: "INVITED" }, "invited", true],
    [{ state: "DECLINED" }, "declined", true],
    [{ state: "ENABLED" }, "enabled", false],
    [{ state: "ENABLED", email: null }, "enabled", false],
    [{ state: "DISABLED", email: null }, "no_email", false],
    [{ state: "SOMETHING_NEW" }, "other", true],
    [{ version: "NEW_CUSTOMER_ACCOUNTS", state: "DISABLED" }, "new_accounts", true],
    [{ version: "NEW_CUSTOMER_ACCOUNTS", state: "ENABLED" }, "new_accounts", true],
    [{ version: "NEW_CUSTOMER_ACCOUNTS", email: null }, "no_email", false],
    [{ setting: "DISABLED", state: "DISABLED" }, "accounts_disabled", false],
  ] as const)("GIVEN %j THEN %s (can send: %s)", (over, expected, send) => {
    const e = eligibility(facts(over));
    expect(e).toBe(expected);
    expect(canSend(e)).toBe(send);
  });

  it("labels classic states only", () => {
    expect(stateLabelKey(facts({ state: "DECLINED" }))).toBe("state.DECLINED");
    expect(stateLabelKey(facts({ state: "SOMETHING_NEW" }))).toBe("state.unknown");
    expect(stateLabelKey(facts({ version: "NEW_CUSTOMER_ACCOUNTS" }))).toBeNull();
  });
});

describe("the extension's Admin API documents", () => {
  const schema = buildClientSchema(
    (
      JSON.parse(
        gunzipSync(
          readFileSync(new URL("../../../app/graphql/admin-2026-10.json.gz", import.meta.url)),
        ).toString("utf8"),
      ) as { data: IntrospectionQuery }
    ).data,
    { assumeValid: true },
  );

  it.each([
    ["CUSTOMER_QUERY", CUSTOMER_QUERY],
    ["SHOP_QUERY", SHOP_QUERY],
  ])("%s is valid against Admin API 2026-10 and uses no deprecated field", (_name, text) => {
    expect(validate(schema, parse(text), [...specifiedRules, NoDeprecatedCustomRule])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Translations: every key the code uses exists in every language, with the
// same placeholders and plural forms as English.

type Tree = { [key: string]: string | Tree };
const LANGUAGES = ["en.default", "fr", "sv", "nb"] as const;
const PLURAL_FORMS = new Set(["zero", "one", "two", "few", "many", "other"]);
const locale = (name: string) =>
  JSON.parse(readFileSync(new URL(`../locales/${name}.json`, import.meta.url), "utf8")) as Tree;

/** Every key t() can be called with, and its texts (one, or one per plural form). */
function keys(tree: Tree, prefix = ""): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, { text: value });
    else if ("other" in value && Object.keys(value).every((k) => PLURAL_FORMS.has(k)))
      out.set(path, value as Record<string, string>);
    else for (const [k, v] of keys(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("the translations", () => {
  const english = keys(locale("en.default"));

  it.each(LANGUAGES.slice(1))(
    "%s has exactly English's keys, plural forms and placeholders",
    (lang) => {
      const other = keys(locale(lang));
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, forms] of english) {
        const translated = other.get(key) ?? {};
        // Swedish, Norwegian, French and English all use one/other.
        expect(Object.keys(translated).sort(), `${lang} ${key}`).toEqual(Object.keys(forms).sort());
        for (const [form, text] of Object.entries(forms)) {
          expect(translated[form]?.trim(), `${lang} ${key}`).toBeTruthy();
          expect(placeholders(translated[form] ?? ""), `${lang} ${key}`).toEqual(
            placeholders(text),
          );
        }
      }
    },
  );

  it("covers every key the code builds and every literal key the components use", () => {
    const built = [
      "customer.name",
      "bulk.name",
      ...SKIP_REASONS.flatMap((r) => [`reason.${r}`, `skippedOne.${r}`]),
      ...[
        "bad_request",
        "unauthorized",
        "accounts_disabled",
        "busy",
        "server",
        "network",
        "unexpected",
      ].map((r) => `error.${r}`),
      ...[
        "accounts_disabled",
        "enabled",
        "no_email",
        "declined",
        "invited",
        "disabled",
        "new_accounts",
        "other",
      ].map((e) => `explain.${e}`),
      ...["DISABLED", "INVITED", "ENABLED", "DECLINED", "unknown"].map((s) => `state.${s}`),
      ...["empty", "too_many", "not_customers"].map((p) => `selection.${p}`),
      ...["classic", "new", "skipped"].flatMap((m) => [`sent.${m}.heading`, `sent.${m}.text`]),
      // chosen in a ternary before reaching t()
      "result.queued",
      "result.queuedNew",
      "bulk.explainClassic",
      "bulk.explainNew",
      "bulk.explainUnknown",
    ];
    const literal = ["CustomerAction.tsx", "BulkAction.tsx", "ui.tsx"]
      .flatMap((file) => [
        ...readFileSync(new URL(file, import.meta.url), "utf8").matchAll(/\bt\(\s*"([^"]+)"/g),
      ])
      .map((m) => m[1] ?? "");
    expect(literal.length).toBeGreaterThan(10);
    for (const key of [...built, ...literal]) expect(english.has(key), key).toBe(true);
  });

  it("names each extension in the TOML through the locales", () => {
    const toml = readFileSync(new URL("../shopify.extension.toml", import.meta.url), "utf8");
    const names = [...toml.matchAll(/^name = "t:([\w.]+)"$/gm)].map((m) => m[1]);
    expect(names).toEqual(["customer.name", "bulk.name"]);
  });
});

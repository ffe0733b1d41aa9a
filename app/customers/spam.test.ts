// The spam rules, one table per rule: what each finds, what it must leave alone.
import { en, fr, nb_NO, sv } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { Random } from "../../test/store/random";
import { MAX_SELECTION, SelectedIds, selectionUrl } from "./selection";
import {
  SPAM_REASONS,
  SPAM_THRESHOLD,
  SPAM_WEIGHTS,
  accountShape,
  burstThreshold,
  hasLink,
  looksRandom,
  patternRepeated,
  profileReasons,
  sameName,
  spamScore,
  windowsOf,
  type CustomerFacts,
  type SpamReason,
} from "./spam";

const customer = (facts: Partial<CustomerFacts>): CustomerFacts => ({
  firstName: "Ingrid",
  lastName: "Berg",
  email: "ingrid.berg@telia.com",
  verifiedEmail: true,
  numberOfOrders: 2,
  ...facts,
});

describe("profileReasons", () => {
  it.each<[string, Partial<CustomerFacts>, SpamReason[]]>([
    ["a real customer with orders", {}, []],
    ["no order yet", { numberOfOrders: 0 }, ["no_orders"]],
    ["an email never verified", { verifiedEmail: false }, ["unverified_email"]],
    ["a link as the first name", { firstName: "http://bit.ly/3xPr0mo" }, ["link_in_name"]],
    [
      "a link as the last name, and random letters as the first: only the link counts",
      { firstName: "xkqzvbtw", lastName: "www.win-prize.top" },
      ["link_in_name"],
    ],
    ["random letters", { firstName: "xkqzvbtw" }, ["random_name"]],
    [
      "the same random word twice",
      { firstName: "Qwzkvbt", lastName: "qwzkvbt" },
      ["random_name", "same_name"],
    ],
    ["a throwaway address", { email: "ingrid@mailinator.com" }, ["disposable_email"]],
    ["a malformed address", { email: "ingrid berg@telia" }, ["malformed_email"]],
    ["a domain without a dot", { email: "ingrid@telia" }, ["malformed_email"]],
    ["a mistyped provider", { email: "ingrid@gmial.com" }, ["email_typo"]],
    [
      "all of a bot's signs at once",
      {
        firstName: "https://cheap-meds.example.ru",
        lastName: "https://cheap-meds.example.ru",
        email: "xkqzvb77@yopmail.com",
        verifiedEmail: false,
        numberOfOrders: 0,
      },
      ["link_in_name", "disposable_email", "same_name", "no_orders", "unverified_email"],
    ],
    // Missing data: what Shopify did not give is not a reason.
    ["no email: nothing to verify", { email: null, verifiedEmail: false }, []],
    ["names redacted (null)", { firstName: null, lastName: null }, []],
    ["an empty name", { firstName: "  ", lastName: "" }, []],
    ["orders unknown", { numberOfOrders: null }, []],
    ["verification unknown", { verifiedEmail: null }, []],
  ])("%s", (_case, facts, expected) => {
    expect(profileReasons(customer(facts))).toEqual(expected);
  });

  it("lists the reasons in the page's order, each once", () => {
    const reasons = profileReasons(
      customer({
        firstName: "www.spam.ru",
        lastName: "www.spam.ru",
        email: "a@10minutemail.com",
        verifiedEmail: false,
        numberOfOrders: 0,
      }),
    );
    expect(reasons).toEqual(SPAM_REASONS.filter((r) => reasons.includes(r)));
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});

describe("spamScore", () => {
  it.each<[SpamReason[], number]>([
    [[], 0],
    [["no_orders"], 10],
    [["no_orders", "unverified_email"], 20],
    // What real customers often have together stays under the threshold…
    [["no_orders", "unverified_email", "burst"], 45],
    [["random_name", "no_orders", "unverified_email"], 45],
    [["disposable_email", "no_orders", "unverified_email"], 45],
    // …and reaches it with one more sign.
    [["random_name", "disposable_email"], 50],
    [["burst", "repeated_pattern"], 55],
    [["link_in_name"], 60],
    [[...SPAM_REASONS], 100],
  ])("%j scores %i", (reasons, score) => {
    expect(spamScore(reasons)).toBe(score);
  });

  it("needs two signs beyond no orders and an unverified email, but a link or a bot's template", () => {
    for (const reason of SPAM_REASONS) {
      const score = spamScore([reason, "no_orders", "unverified_email"]);
      if (reason === "link_in_name" || reason === "repeated_pattern")
        expect(score, reason).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
      else expect(score, reason).toBeLessThan(SPAM_THRESHOLD);
      expect(SPAM_WEIGHTS[reason] >= SPAM_THRESHOLD, reason).toBe(reason === "link_in_name");
    }
    expect(Object.keys(SPAM_WEIGHTS).sort()).toEqual([...SPAM_REASONS].sort());
  });
});

describe("hasLink", () => {
  it.each([
    "http://bit.ly/3xPr0mo",
    "https://cheap-meds.example.ru",
    "www.win-prize.top",
    "Visit WWW.PRIZE.COM now",
    "http://crypto-gains.xyz/join",
    "https://t.me/freecoins",
    "t.me/freecoins",
    "cheap-watches.shop",
    "Claim at winner@prize.info",
    "hxxp://x.ru",
  ])("finds a link in %j", (name) => {
    expect(hasLink(name)).toBe(true);
  });

  it.each([
    "St. John",
    "St.John",
    "J.R.",
    "Anne-Marie",
    "O'Brien",
    "Dr. Berg",
    "Mary J. Blige",
    "A.Co",
  ])("finds none in %j", (name) => {
    expect(hasLink(name)).toBe(false);
  });
});

describe("looksRandom", () => {
  it.each([
    "xkqzvbtw",
    "bzrtkqwx",
    "gSDFkjsdfH",
    "YbqLzXkPw",
    "hmtzfqrk",
    "John2",
    "4815162342",
    "qxzvbn",
  ])("%j looks random", (name) => {
    expect(looksRandom(name)).toBe(true);
  });

  it.each([
    // Consonant clusters of real languages.
    "Krzysztof Szczepański",
    "Grzegorz Brzęczyszczykiewicz",
    "Zbigniew Brzeziński",
    "Aram Mkrtchyan",
    "Gwynfor Llwyd",
    "Bjørn-Tore Kjærstad",
    "Tshepo Mkhwanazi",
    "Mxolisi Dlamini",
    "Bergqvist",
    "Ulla-Britt Lindqvist",
    "Schmidt",
    "Knightsbridge",
    "Tchaikovsky",
    // Short, accented, other scripts, initials, capitals, prefixes.
    "Ng",
    "Xu Li",
    "Thanh Nguyễn",
    "Þórdís Sigurðardóttir",
    "王 伟",
    "Анна Смирнова",
    "Αθηνά Παπαδοπούλου",
    "محمد العلي",
    "J. Smith",
    "ANNE-SOPHIE DUPONT",
    "jean martin",
    "MacKenzie",
    "McGlynn",
    "DeShawn",
    "Mary-Kate O'Brien",
  ])("%j is a name", (name) => {
    expect(looksRandom(name)).toBe(false);
  });

  // Known misreads, kept honest here: alone they add 25 points, under the threshold.
  it.each(["Dzmitry Krzhyzhanouski", "Yngve Hjelmtveit", "Schwarzkopf", "Cartwright"])(
    "%j is a real name it misreads as random",
    (name) => {
      expect(looksRandom(name)).toBe(true);
    },
  );

  it("leaves real names of the simulator's four languages alone, and finds most random words", () => {
    const names = new Set<string>();
    for (const locale of [fr, sv, nb_NO, en]) {
      const person = locale.person!;
      for (const list of [person.first_name, person.last_name])
        for (const value of Object.values(list ?? {}))
          for (const n of value as string[]) names.add(n);
    }
    const misread = [...names].filter(looksRandom);
    expect(names.size).toBeGreaterThan(4000);
    expect(misread.length / names.size).toBeLessThan(0.001);
    // Letters drawn uniformly at random (not the simulator's own spam words).
    const r = new Random(2024);
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const words = Array.from({ length: 2000 }, () =>
      Array.from({ length: r.int(7, 12) }, () => letters[r.int(0, 25)]).join(""),
    );
    expect(words.filter(looksRandom).length / words.length).toBeGreaterThan(0.6);
  });
});

describe("sameName", () => {
  it.each<[string | null, string | null, boolean]>([
    ["Qwzk", "Qwzk", true],
    ["qwzk", "QWZK ", true],
    ["Anna", "Berg", false],
    ["A", "A", false],
    [null, null, false],
    ["", "", false],
  ])("%j %j → %s", (first, last, same) => {
    expect(sameName(first, last)).toBe(same);
  });
});

describe("accountShape", () => {
  it.each<[Partial<CustomerFacts>, string]>([
    [
      { firstName: "Emma", lastName: "Berg", email: "emma.berg1987@gmail.com" },
      "Aa Aa|a.a9999@provider",
    ],
    [
      { firstName: "Emma", lastName: "Berg", email: "emmaberg4821@outlook.com" },
      "Aa Aa|a9999@provider",
    ],
    [
      { firstName: "Oskar", lastName: "Holm", email: "oskar.holm@hotmail.se" },
      "Aa Aa|a.a@provider",
    ],
    [
      { firstName: "xkqzvb", lastName: "xkqzvb", email: "xkqzvb77@yopmail.com" },
      "a a=|a99@disposable",
    ],
    [
      { firstName: "www.prize.top", lastName: "Claim", email: "a@acme-family.fr" },
      "link Aa|a@acme-family.fr",
    ],
    [
      { firstName: "ANNE", lastName: "de la Cruz", email: "anne_dlc12345@free.fr" },
      "A x|a_a9999@provider",
    ],
    [{ firstName: null, lastName: null, email: null }, "- -|-@-"],
    [
      { firstName: "Épiphane", lastName: "Da silva", email: "dasilva.epiphane576@hotmail.com" },
      "Aa Aa|a.a999@provider",
    ],
    [{ firstName: "王", lastName: "伟", email: "wang.wei@qq.com" }, "x x|a.a@qq.com"],
    [{ firstName: "Anna2", lastName: "berg", email: "anna@telia.com" }, "9 a|a@provider"],
  ])("%j → %j", (facts, shape) => {
    expect(accountShape(customer(facts))).toBe(shape);
  });

  it("gives a bot's accounts made from one template one shape, and real customers many", () => {
    const bots = ["Emma Lund", "Oskar Holm", "Maja Ek"].map((n, i) => {
      const [first, last] = n.split(" ");
      return accountShape({
        firstName: first!,
        lastName: last!,
        email: `${first!.toLowerCase()}${last!.toLowerCase()}${4000 + i}@${["gmail.com", "outlook.com", "yahoo.com"][i]}`,
      });
    });
    expect(new Set(bots).size).toBe(1);
  });
});

describe("windows, bursts and patterns", () => {
  it("puts a sign-up in a window of each grid, the second shifted by half a window", () => {
    expect(windowsOf(0, 600)).toEqual([0, 0]);
    expect(windowsOf(299, 600)).toEqual([0, 0]);
    expect(windowsOf(300, 600)).toEqual([0, 1]);
    expect(windowsOf(599, 600)).toEqual([0, 1]);
    expect(windowsOf(600, 600)).toEqual([1, 1]);
    // Two sign-ups a minute apart across a boundary share the shifted window.
    const [a1, b1] = windowsOf(570, 600);
    const [a2, b2] = windowsOf(630, 600);
    expect(a1).not.toBe(a2);
    expect(b1).toBe(b2);
  });

  it.each<[number, number, number]>([
    // 100,000 customers over three years: 0.6 in 10 minutes on average.
    [100_000, 3 * 365 * 86_400, 8],
    [2_000, 3 * 365 * 86_400, 8],
    // A store that gets 30 sign-ups an hour (5 in 10 minutes).
    [30 * 24 * 365, 365 * 86_400, 20],
    // Everybody at once (a span shorter than a window): the count itself is the pace.
    [50, 0, 89],
    [0, 0, 8],
  ])("%i customers over %i s → bursts from %i in 10 minutes", (customers, span, threshold) => {
    expect(burstThreshold(customers, span)).toBe(threshold);
  });

  it.each<[string, Parameters<typeof patternRepeated>[0], boolean]>([
    [
      "a template's accounts in an hour",
      { inWindow: 12, windowTotal: 14, shapeTotal: 40, customers: 5000 },
      true,
    ],
    ["fewer than five", { inWindow: 4, windowTotal: 4, shapeTotal: 4, customers: 5000 }, false],
    // Real customers in a rush: the store's usual mix of shapes.
    [
      "a common shape in a rush",
      { inWindow: 9, windowTotal: 25, shapeTotal: 1800, customers: 5000 },
      false,
    ],
    [
      "a rare shape in a rush",
      { inWindow: 6, windowTotal: 25, shapeTotal: 50, customers: 5000 },
      true,
    ],
    ["an empty store", { inWindow: 5, windowTotal: 5, shapeTotal: 5, customers: 0 }, false],
    // Chance alone: 6 of 12 of a shape that is 8 % of the store.
    ["a run of luck", { inWindow: 6, windowTotal: 12, shapeTotal: 800, customers: 10_000 }, false],
    // A shape rare over the years but common lately (addresses with digits): compared with lately.
    [
      "a shape common around the window",
      {
        inWindow: 9,
        windowTotal: 30,
        shapeTotal: 400,
        customers: 10_000,
        around: { inShape: 300, total: 1000 },
      },
      false,
    ],
    [
      "a shape rare around the window too",
      {
        inWindow: 9,
        windowTotal: 30,
        shapeTotal: 400,
        customers: 10_000,
        around: { inShape: 30, total: 1000 },
      },
      true,
    ],
    [
      "too few around to judge: the store's share",
      {
        inWindow: 9,
        windowTotal: 30,
        shapeTotal: 400,
        customers: 10_000,
        around: { inShape: 10, total: 12 },
      },
      true,
    ],
  ])("%s → %s", (_case, figures, repeated) => {
    expect(patternRepeated(figures)).toBe(repeated);
  });
});

describe("the selection handed to the tag and delete flows", () => {
  const ids = ["gid://shopify/Customer/1", "gid://shopify/Customer/22"];

  it("goes in the URL as ?ids=, comma-separated, and reads back", () => {
    const url = selectionUrl("/app/customers/tags", ids);
    expect(url).toBe(
      "/app/customers/tags?ids=gid%3A%2F%2Fshopify%2FCustomer%2F1%2Cgid%3A%2F%2Fshopify%2FCustomer%2F22",
    );
    const value = new URL(url, "https://x").searchParams.get("ids")!;
    expect(SelectedIds.parse(value)).toEqual(ids);
  });

  it.each([
    ["", "no customer selected"],
    ["gid://shopify/Customer/1,gid://shopify/Order/2", "not a customer id"],
    ["1,2", "not a customer id"],
    [
      Array.from({ length: MAX_SELECTION + 1 }, (_, i) => `gid://shopify/Customer/${i + 1}`).join(
        ",",
      ),
      "250",
    ],
  ])("refuses %j", (value, message) => {
    const parsed = SelectedIds.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });

  it("keeps each id once, in order, and ignores blanks", () => {
    expect(SelectedIds.parse(` ${ids[1]},,${ids[0]},${ids[1]} `)).toEqual([ids[1], ids[0]]);
  });
});

/**
 * The part of ShopifyQL's segment query language the app uses (audiences and
 * invitation-campaign previews), parsed and evaluated the way Shopify
 * documents it:
 * https://shopify.dev/docs/api/shopifyql/segment-query-language-reference and
 * https://help.shopify.com/en/manual/customers/customer-segmentation/customer-segments/customer-segmentation-reference/customer-segment-shopify
 *
 *   customer_account_status = 'DISABLED'      (ENABLED, DISABLED, INVITED, DECLINED; also !=)
 *   email_subscription_status = 'SUBSCRIBED'  (SUBSCRIBED, NOT_SUBSCRIBED, PENDING, UNSUBSCRIBED, INVALID, REDACTED; also !=)
 *   customer_tags CONTAINS 'vip'              customer_tags NOT CONTAINS 'x'
 *   customer_countries CONTAINS 'SE'          (also NOT CONTAINS, IS NULL, IS NOT NULL)
 *   customer_email_domain = 'gmail.com'       (also !=; IS NULL = the customer has no email)
 *   customer_language = 'fr'                  (also !=)
 *   number_of_orders >= 2                     (=, !=, >, >=, <, <=, BETWEEN 1 AND 3)
 *   amount_spent BETWEEN 1 AND 999.99         (same operators, decimals)
 *   customer_added_date >= -30d               (=, !=, >, >=, <, <=, BETWEEN; YYYY-MM-DD, -4w, -3m, -1y,
 *   last_order_date < 90_days_ago              today, yesterday, 7_days_ago, 12_months_ago; last_order_date IS NULL)
 *   combined with NOT, AND (binds tighter), OR and parentheses.
 *
 * Dates are whole days in the shop's time zone (UTC here): `= '2024-05-01'`
 * is that day, `> -30d` starts the day after, BETWEEN includes both days.
 * Keywords are case-insensitive ("not a valid segment query" reads `not` as
 * NOT). Errors use Shopify's recorded shapes, "Line 1 Column 6: 'valid' is
 * unexpected." and "Line 1 Column 4: 'a' filter cannot be found." (0-based
 * columns; https://github.com/airhorns/shopify-draft-proxy fixtures
 * customer-segment-members-query-lifecycle.json, segment-create-update-query-grammar.json):
 * syntax first, then unknown filters. Unverified (no source found): the
 * wording of the other errors (an operator a filter does not take, a value
 * of the wrong kind or not among an enum's values, an incomplete query),
 * `customer_email_domain IS NULL` as "has no email address",
 * `customer_countries IS NULL`, and enum values being accepted in any case.
 */
import type { CustomerRecord } from "./model";
import type { ShopStore } from "./state";

export class SegmentQueryError extends Error {}

export type Op = "=" | "!=" | ">" | ">=" | "<" | "<=";

export interface Tok {
  text: string;
  col: number;
  quoted: boolean;
}

export type SegmentExpr =
  | { kind: "and"; left: SegmentExpr; right: SegmentExpr }
  | { kind: "or"; left: SegmentExpr; right: SegmentExpr }
  | { kind: "not"; inner: SegmentExpr }
  | { kind: "cmp"; attr: Tok; op: Op; opCol: number; value: Tok }
  | { kind: "between"; attr: Tok; opCol: number; low: Tok; high: Tok }
  | { kind: "contains"; attr: Tok; opCol: number; negated: boolean; value: Tok }
  | { kind: "null"; attr: Tok; opCol: number; isNull: boolean };

export type Leaf = Extract<SegmentExpr, { attr: Tok }>;

export type AttrKind = "enum" | "string" | "list" | "integer" | "decimal" | "date";

export interface AttrSpec {
  kind: AttrKind;
  /** IS NULL / IS NOT NULL allowed. */
  nullable?: boolean;
  values?: readonly string[];
}

export const ATTRIBUTES: Record<string, AttrSpec> = {
  // CustomerState: https://shopify.dev/docs/api/admin-graphql/latest/enums/CustomerState
  customer_account_status: {
    kind: "enum",
    values: ["ENABLED", "DISABLED", "INVITED", "DECLINED"],
  },
  // CustomerEmailMarketingState: https://shopify.dev/docs/api/admin-graphql/latest/enums/CustomerEmailMarketingState
  email_subscription_status: {
    kind: "enum",
    values: ["SUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "UNSUBSCRIBED", "INVALID", "REDACTED"],
  },
  customer_email_domain: { kind: "string", nullable: true },
  customer_language: { kind: "string" },
  customer_tags: { kind: "list" },
  customer_countries: { kind: "list", nullable: true },
  number_of_orders: { kind: "integer" },
  amount_spent: { kind: "decimal" },
  customer_added_date: { kind: "date" },
  last_order_date: { kind: "date", nullable: true },
};

/** The filters the simulator understands (for README and error messages). */
export const SEGMENT_FILTERS: readonly string[] = Object.keys(ATTRIBUTES);

const OPS = [">=", "<=", "!=", "=", ">", "<"] as const;
const KEYWORDS = new Set(["AND", "OR", "NOT", "CONTAINS", "IS", "NULL", "BETWEEN"]);

function tokenize(input: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const col = i;
    if (ch === "'" || ch === '"') {
      let text = "";
      i++;
      while (i < input.length && input[i] !== ch) {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (i >= input.length)
        throw new SegmentQueryError(`Line 1 Column ${col}: the string is not closed.`);
      i++;
      toks.push({ text, col, quoted: true });
      continue;
    }
    const op = [...OPS, "(", ")"].find((o) => input.startsWith(o, i));
    if (op) {
      toks.push({ text: op, col, quoted: false });
      i += op.length;
      continue;
    }
    let text = "";
    while (i < input.length && !/[\s()=<>!'"]/.test(input[i]!)) text += input[i++];
    if (text === "") {
      toks.push({ text: ch, col, quoted: false });
      i++;
      continue;
    }
    toks.push({ text, col, quoted: false });
  }
  return toks;
}

const isKeyword = (t: Tok | undefined, word: string): boolean =>
  !!t && !t.quoted && t.text.toUpperCase() === word;

/** Parses the grammar (syntax only: attributes are checked by validate()). */
function parseSyntax(input: string): SegmentExpr {
  const toks = tokenize(input);
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const fail = (t = peek()): never => {
    if (!t) throw new SegmentQueryError(`Line 1 Column ${input.length}: the query is incomplete.`);
    throw new SegmentQueryError(`Line 1 Column ${t.col}: '${t.text}' is unexpected.`);
  };
  const keyword = (word: string): boolean => {
    if (!isKeyword(peek(), word)) return false;
    pos++;
    return true;
  };
  const value = (): Tok => {
    const t = peek();
    if (!t || (!t.quoted && (KEYWORDS.has(t.text.toUpperCase()) || /^[()=<>!]/.test(t.text))))
      return fail(t);
    pos++;
    return t;
  };

  const clause = (): SegmentExpr => {
    const attr = peek();
    if (!attr || attr.quoted || !/^[a-z_][a-z0-9_.]*$/i.test(attr.text)) return fail(attr);
    pos++;
    const opTok = peek() ?? fail();
    const opCol = opTok.col;
    if (!opTok.quoted && (OPS as readonly string[]).includes(opTok.text)) {
      pos++;
      return { kind: "cmp", attr, op: opTok.text as Op, opCol, value: value() };
    }
    if (keyword("CONTAINS"))
      return { kind: "contains", attr, opCol, negated: false, value: value() };
    if (isKeyword(opTok, "NOT") && isKeyword(toks[pos + 1], "CONTAINS")) {
      pos += 2;
      return { kind: "contains", attr, opCol, negated: true, value: value() };
    }
    if (keyword("IS")) {
      const negated = keyword("NOT");
      if (!keyword("NULL")) return fail();
      return { kind: "null", attr, opCol, isNull: !negated };
    }
    if (keyword("BETWEEN")) {
      const low = value();
      if (!keyword("AND")) return fail();
      return { kind: "between", attr, opCol, low, high: value() };
    }
    return fail(opTok);
  };

  const unary = (): SegmentExpr => {
    if (keyword("NOT")) return { kind: "not", inner: unary() };
    const t = peek() ?? fail();
    if (t.text === "(" && !t.quoted) {
      pos++;
      const inner = or();
      const close = peek();
      if (!close || close.quoted || close.text !== ")") return fail(close);
      pos++;
      return inner;
    }
    return clause();
  };
  const and = (): SegmentExpr => {
    let left = unary();
    while (keyword("AND")) left = { kind: "and", left, right: unary() };
    return left;
  };
  const or = (): SegmentExpr => {
    let left = and();
    while (keyword("OR")) left = { kind: "or", left, right: and() };
    return left;
  };

  if (toks.length === 0) throw new SegmentQueryError("Line 1 Column 0: the query is empty.");
  const expr = or();
  if (pos < toks.length) fail();
  return expr;
}

function leaves(expr: SegmentExpr): Leaf[] {
  if (expr.kind === "and" || expr.kind === "or")
    return [...leaves(expr.left), ...leaves(expr.right)];
  if (expr.kind === "not") return leaves(expr.inner);
  return [expr];
}

export const DAY = 86_400_000;

/**
 * A date value as the first day it names (UTC midnight), or null if it is not
 * a date: YYYY-MM-DD, offsets (-30d, -4w, -3m, -1y, +7d), today, yesterday,
 * and named dates such as 7_days_ago or 12_months_ago.
 */
export function segmentDay(text: string, now: number): number | null {
  const today = now - (((now % DAY) + DAY) % DAY);
  const shift = (n: number, unit: string): number => {
    if (unit === "d" || unit === "day" || unit === "days") return today + n * DAY;
    if (unit === "w" || unit === "week" || unit === "weeks") return today + 7 * n * DAY;
    const d = new Date(today);
    if (unit === "m" || unit === "month" || unit === "months") d.setUTCMonth(d.getUTCMonth() + n);
    else d.setUTCFullYear(d.getUTCFullYear() + n);
    return d.getTime();
  };
  const lower = text.toLowerCase();
  if (lower === "today") return today;
  if (lower === "yesterday") return today - DAY;
  const offset = /^([+-])(\d+)([dwmy])$/.exec(lower);
  if (offset) return shift((offset[1] === "-" ? -1 : 1) * Number(offset[2]), offset[3]!);
  const named = /^(\d+)_(days?|weeks?|months?|years?)_ago$/.exec(lower);
  if (named) return shift(-Number(named[1]), named[2]!.replace(/s$/, "") + "s");
  const absolute = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (absolute) {
    const ms = Date.UTC(Number(absolute[1]), Number(absolute[2]) - 1, Number(absolute[3]));
    return new Date(ms).getUTCDate() === Number(absolute[3]) ? ms : null;
  }
  return null;
}

/** Checks filters, operators and values (after the syntax). */
function validate(expr: SegmentExpr, now: number): void {
  for (const leaf of leaves(expr)) {
    const name = leaf.attr.text.toLowerCase();
    if (!ATTRIBUTES[name])
      throw new SegmentQueryError(
        `Line 1 Column ${leaf.attr.col}: '${leaf.attr.text}' filter cannot be found.`,
      );
  }
  for (const leaf of leaves(expr)) {
    const name = leaf.attr.text.toLowerCase();
    const spec = ATTRIBUTES[name]!;
    const badOp = (op: string): never => {
      throw new SegmentQueryError(
        `Line 1 Column ${leaf.opCol}: '${op}' can't be used with '${name}'.` +
          (spec.kind === "list" ? " Use CONTAINS or NOT CONTAINS." : ""),
      );
    };
    const checkValue = (t: Tok): void => {
      const bad = (what: string): never => {
        throw new SegmentQueryError(`Line 1 Column ${t.col}: '${t.text}' is not ${what}.`);
      };
      switch (spec.kind) {
        case "enum":
          if (!t.quoted || !spec.values!.includes(t.text.toUpperCase()))
            bad(`a valid value for '${name}' (${spec.values!.map((v) => `'${v}'`).join(", ")})`);
          return;
        case "string":
        case "list":
          if (!t.quoted) bad("a quoted value");
          return;
        case "integer":
          if (t.quoted || !/^-?\d+$/.test(t.text)) bad("a whole number");
          return;
        case "decimal":
          if (t.quoted || !/^-?\d+(\.\d+)?$/.test(t.text)) bad("a number");
          return;
        case "date":
          if (segmentDay(t.text, now) === null) bad("a date");
          return;
      }
    };
    switch (leaf.kind) {
      case "cmp":
        if (spec.kind === "list") badOp(leaf.op);
        if ((spec.kind === "enum" || spec.kind === "string") && leaf.op !== "=" && leaf.op !== "!=")
          badOp(leaf.op);
        checkValue(leaf.value);
        break;
      case "between":
        if (spec.kind !== "integer" && spec.kind !== "decimal" && spec.kind !== "date")
          badOp("BETWEEN");
        checkValue(leaf.low);
        checkValue(leaf.high);
        break;
      case "contains":
        if (spec.kind !== "list") badOp(leaf.negated ? "NOT CONTAINS" : "CONTAINS");
        checkValue(leaf.value);
        break;
      case "null":
        if (!spec.nullable) badOp(leaf.isNull ? "IS NULL" : "IS NOT NULL");
        break;
    }
  }
}

/** Parses and checks a segment query; throws SegmentQueryError like Shopify's editor. */
export function parseSegmentQuery(input: string, now: number): SegmentExpr {
  const expr = parseSyntax(input);
  validate(expr, now);
  return expr;
}

export interface SegmentContext {
  now: number;
  /** With a store, tag tests use its tag index. */
  store?: ShopStore;
}

type Pred = (c: CustomerRecord) => boolean;
export type Test = (a: number, b: number) => boolean;

export const NUMBER_TESTS: Record<Op, Test> = {
  "=": (a, b) => a === b,
  "!=": (a, b) => a !== b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
};

/** Date comparisons over whole days: `day` is the first instant of the day, [day, day + 1 day). */
export const DAY_TESTS: Record<Op, Test> = {
  "=": (t, day) => t >= day && t < day + DAY,
  "!=": (t, day) => t < day || t >= day + DAY,
  ">": (t, day) => t >= day + DAY,
  ">=": (t, day) => t >= day,
  "<": (t, day) => t < day,
  "<=": (t, day) => t < day + DAY,
};
/** Compiles a parsed query into a membership test. */
export function segmentPredicate(expr: SegmentExpr, context: SegmentContext | number): Pred {
  const ctx: SegmentContext = typeof context === "number" ? { now: context } : context;
  switch (expr.kind) {
    case "and": {
      const l = segmentPredicate(expr.left, ctx);
      const r = segmentPredicate(expr.right, ctx);
      return (c) => l(c) && r(c);
    }
    case "or": {
      const l = segmentPredicate(expr.left, ctx);
      const r = segmentPredicate(expr.right, ctx);
      return (c) => l(c) || r(c);
    }
    case "not": {
      const inner = segmentPredicate(expr.inner, ctx);
      return (c) => !inner(c);
    }
    default:
      return leafPredicate(expr, ctx);
  }
}

export function emailDomain(c: CustomerRecord): string | null {
  if (c.emailDomain !== undefined) return c.emailDomain;
  const email = c.email;
  const at = email ? email.lastIndexOf("@") : -1;
  c.emailDomain = email && at >= 0 ? email.slice(at + 1).toLowerCase() : null;
  return c.emailDomain;
}

const hasCountry = (c: CustomerRecord): boolean => {
  for (const a of c.addresses) if (a.countryCode) return true;
  return false;
};

/** What a string or enum filter reads (null: the customer has none). */
const TEXT_READERS: Record<string, (c: CustomerRecord) => string | null> = {
  customer_account_status: (c) => c.state,
  email_subscription_status: (c) => c.marketingState,
  customer_email_domain: emailDomain,
  customer_language: (c) => {
    const locale = c.locale.toLowerCase();
    const dash = locale.indexOf("-");
    return dash < 0 ? locale : locale.slice(0, dash);
  },
};

const NUMBER_READERS: Record<string, (c: CustomerRecord) => number> = {
  number_of_orders: (c) => c.numberOfOrders,
  amount_spent: (c) => c.amountSpentCents / 100,
};

/*
 * Each leaf compiles to a small closure specialised for its filter and
 * operator (no per-customer switch on names): cheap on 100k customers, and
 * plain enough for V8 to optimise correctly (a generic reader with a switch
 * and optional chaining was miscompiled by Node 20's optimiser here).
 */
function leafPredicate(leaf: Leaf, ctx: SegmentContext): Pred {
  const name = leaf.attr.text.toLowerCase();
  const spec = ATTRIBUTES[name]!;
  const dateOf = (c: CustomerRecord): number | null =>
    name === "last_order_date" ? (c.lastOrderAt ?? null) : c.createdAt;
  switch (leaf.kind) {
    case "null": {
      let exists: Pred;
      if (name === "customer_countries") exists = hasCountry;
      else if (name === "customer_email_domain") exists = (c) => !!c.email;
      else exists = (c) => c.lastOrderAt !== undefined;
      return leaf.isNull ? (c) => !exists(c) : exists;
    }
    case "contains": {
      const want = leaf.value.text.toLowerCase();
      let has: Pred;
      if (name === "customer_tags") {
        const index = ctx.store?.customerIdsWithTag(want);
        has = index ? (c) => index.has(c.id) : (c) => c.tags.some((t) => t.toLowerCase() === want);
      } else {
        has = (c) => {
          for (const a of c.addresses)
            if ((a.countryCode ?? "").toLowerCase() === want) return true;
          return false;
        };
      }
      return leaf.negated ? (c) => !has(c) : has;
    }
    case "between": {
      if (spec.kind === "date") {
        const from = segmentDay(leaf.low.text, ctx.now)!;
        const to = segmentDay(leaf.high.text, ctx.now)! + DAY;
        return (c) => {
          const t = dateOf(c);
          return t !== null && t >= from && t < to;
        };
      }
      const read = NUMBER_READERS[name]!;
      const low = Number(leaf.low.text);
      const high = Number(leaf.high.text);
      return (c) => {
        const v = read(c);
        return v >= low && v <= high;
      };
    }
    case "cmp": {
      if (spec.kind === "enum" || spec.kind === "string") {
        const read = TEXT_READERS[name]!;
        const want =
          spec.kind === "enum" ? leaf.value.text.toUpperCase() : leaf.value.text.toLowerCase();
        if (leaf.op === "=") return (c) => read(c) === want;
        // A customer without the value (no email) matches neither = nor !=.
        return (c) => {
          const v = read(c);
          return v !== null && v !== want;
        };
      }
      if (spec.kind === "date") {
        const day = segmentDay(leaf.value.text, ctx.now)!;
        const test = DAY_TESTS[leaf.op];
        if (name === "customer_added_date") return (c) => test(c.createdAt, day);
        return (c) => c.lastOrderAt !== undefined && test(c.lastOrderAt, day);
      }
      const read = NUMBER_READERS[name]!;
      const test = NUMBER_TESTS[leaf.op];
      const want = Number(leaf.value.text);
      return (c) => test(read(c), want);
    }
  }
}

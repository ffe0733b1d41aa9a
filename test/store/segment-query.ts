/**
 * A small subset of ShopifyQL's segment query language, enough for segment
 * membership in the simulator:
 *
 *   customer_tags CONTAINS 'vip'            customer_tags NOT CONTAINS 'x'
 *   email_subscription_status = 'SUBSCRIBED' (also !=)
 *   customer_account_status = 'ENABLED'
 *   number_of_orders = 0 | > n | >= n | < n | <= n | != n
 *   amount_spent > 100
 *   customer_email_domain = 'gmail.com'
 *   customer_countries CONTAINS 'SE'
 *   customer_language = 'fr'
 *   customer_added_date > '2024-01-01'  (or -30d, today)
 *   combined with AND / OR / NOT and parentheses.
 *
 * Anything else is an error, reported like Shopify's segment editor does
 * ("Line 1 Column N: ...").
 */
import type { CustomerRecord } from "./model";

type Value =
  { kind: "string"; v: string } | { kind: "number"; v: number } | { kind: "date"; v: number };

export type SegmentExpr =
  | { kind: "and" | "or"; left: SegmentExpr; right: SegmentExpr }
  | { kind: "not"; inner: SegmentExpr }
  | { kind: "cmp"; attr: string; op: string; value: Value };

export class SegmentQueryError extends Error {}

const ATTRIBUTES: Record<string, "list" | "string" | "number" | "date"> = {
  customer_tags: "list",
  customer_countries: "list",
  email_subscription_status: "string",
  customer_account_status: "string",
  customer_email_domain: "string",
  customer_language: "string",
  number_of_orders: "number",
  amount_spent: "number",
  customer_added_date: "date",
};

interface Tok {
  text: string;
  col: number;
  quoted: boolean;
}

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
        throw new SegmentQueryError(`Line 1 Column ${col}: unterminated string.`);
      i++;
      toks.push({ text, col, quoted: true });
      continue;
    }
    const op = [">=", "<=", "!=", "=", ">", "<", "(", ")"].find((o) => input.startsWith(o, i));
    if (op) {
      toks.push({ text: op, col, quoted: false });
      i += op.length;
      continue;
    }
    let text = "";
    while (i < input.length && !/[\s()=<>!'"]/.test(input[i]!)) text += input[i++];
    if (text === "")
      throw new SegmentQueryError(`Line 1 Column ${col}: unexpected character '${ch}'.`);
    toks.push({ text, col, quoted: false });
  }
  return toks;
}

export function parseSegmentQuery(input: string, now: number): SegmentExpr {
  const toks = tokenize(input);
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const kw = (word: string): boolean => {
    const t = peek();
    if (t && !t.quoted && t.text.toUpperCase() === word) {
      pos++;
      return true;
    }
    return false;
  };
  const fail = (msg: string, t = peek()): never => {
    throw new SegmentQueryError(`Line 1 Column ${t ? t.col : input.length}: ${msg}`);
  };

  const parseValue = (type: string): Value => {
    const t = toks[pos++] ?? fail("a value is missing.");
    if (type === "number") {
      const v = Number(t.text);
      if (t.quoted || !Number.isFinite(v)) fail(`'${t.text}' is not a number.`, t);
      return { kind: "number", v };
    }
    if (type === "date")
      return {
        kind: "date",
        v: parseSegmentDate(t.text, now) ?? fail(`'${t.text}' is not a date.`, t),
      };
    if (!t.quoted) fail(`'${t.text}' must be quoted.`, t);
    return { kind: "string", v: t.text };
  };

  const parsePrimary = (): SegmentExpr => {
    if (kw("NOT")) return { kind: "not", inner: parsePrimary() };
    const t = peek() ?? fail("the query is incomplete.");
    if (t.text === "(" && !t.quoted) {
      pos++;
      const inner = parseOr();
      const close = toks[pos++];
      if (!close || close.text !== ")") fail("missing ')'.", close);
      return inner;
    }
    pos++;
    const attr = t.text.toLowerCase();
    const type = ATTRIBUTES[attr];
    if (!type || t.quoted) return fail(`'${t.text}' filter cannot be found.`, t);
    if (type === "list") {
      const negated = kw("NOT");
      if (!kw("CONTAINS")) fail(`'${attr}' must be followed by CONTAINS or NOT CONTAINS.`);
      const value = parseValue("string");
      const expr: SegmentExpr = { kind: "cmp", attr, op: "CONTAINS", value };
      return negated ? { kind: "not", inner: expr } : expr;
    }
    const opTok = toks[pos++] ?? fail("an operator is missing.");
    const op = opTok.text;
    const allowed = type === "string" ? ["=", "!="] : ["=", "!=", ">", ">=", "<", "<="];
    if (opTok.quoted || !allowed.includes(op))
      fail(`'${op}' is not a valid operator for '${attr}'.`, opTok);
    return { kind: "cmp", attr, op, value: parseValue(type) };
  };

  const parseAnd = (): SegmentExpr => {
    let left = parsePrimary();
    while (kw("AND")) left = { kind: "and", left, right: parsePrimary() };
    return left;
  };
  const parseOr = (): SegmentExpr => {
    let left = parseAnd();
    while (kw("OR")) left = { kind: "or", left, right: parseAnd() };
    return left;
  };

  if (toks.length === 0) fail("the query is empty.");
  const expr = parseOr();
  if (pos < toks.length) fail(`unexpected '${toks[pos]!.text}'.`);
  return expr;
}

function parseSegmentDate(text: string, now: number): number | null {
  const rel = /^-(\d+)([dwmy])$/.exec(text);
  const day = 86_400_000;
  if (rel) {
    const n = Number(rel[1]);
    const unit = { d: day, w: 7 * day, m: 30 * day, y: 365 * day }[rel[2] as "d" | "w" | "m" | "y"];
    return now - n * unit;
  }
  if (text.toLowerCase() === "today") return now - (now % day);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isFinite(ms) ? ms : null;
}

function compare(actual: number, op: string, want: number): boolean {
  switch (op) {
    case "=":
      return actual === want;
    case "!=":
      return actual !== want;
    case ">":
      return actual > want;
    case ">=":
      return actual >= want;
    case "<":
      return actual < want;
    default:
      return actual <= want;
  }
}

export function segmentPredicate(expr: SegmentExpr): (c: CustomerRecord) => boolean {
  switch (expr.kind) {
    case "and": {
      const l = segmentPredicate(expr.left);
      const r = segmentPredicate(expr.right);
      return (c) => l(c) && r(c);
    }
    case "or": {
      const l = segmentPredicate(expr.left);
      const r = segmentPredicate(expr.right);
      return (c) => l(c) || r(c);
    }
    case "not": {
      const inner = segmentPredicate(expr.inner);
      return (c) => !inner(c);
    }
    case "cmp":
      return comparison(expr.attr, expr.op, expr.value);
  }
}

function comparison(attr: string, op: string, value: Value): (c: CustomerRecord) => boolean {
  const str = value.kind === "string" ? value.v.toLowerCase() : "";
  const num = value.kind === "string" ? 0 : value.v;
  const eq = (actual: string): boolean => (op === "!=" ? actual !== str : actual === str);
  switch (attr) {
    case "customer_tags":
      return (c) => c.tags.some((t) => t.toLowerCase() === str);
    case "customer_countries":
      return (c) => c.addresses.some((a) => (a.countryCode ?? "").toLowerCase() === str);
    case "email_subscription_status":
      return (c) => eq(c.marketingState.toLowerCase());
    case "customer_account_status":
      return (c) => eq(c.state.toLowerCase());
    case "customer_email_domain":
      return (c) => eq((c.email ?? "").split("@")[1]?.toLowerCase() ?? "");
    case "customer_language":
      return (c) => eq(c.locale.toLowerCase().split("-")[0]!);
    case "number_of_orders":
      return (c) => compare(c.numberOfOrders, op, num);
    case "amount_spent":
      return (c) => compare(c.amountSpentCents / 100, op, num);
    default:
      return (c) => compare(c.createdAt, op, num);
  }
}

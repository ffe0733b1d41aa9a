/**
 * Value matchers for search filters: tokenized text, numbers with
 * comparators and ranges, dates (years, months, days, instants, `now`),
 * booleans and comma lists.
 */
import type { TermNode } from "./search";

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(ch);
}

/** Splits a value into lower-cased word tokens. */
export function words(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** True when `needle` starts a word somewhere in `haystack` (both lower-case). */
export function hasWordPrefix(haystack: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    if (at === 0 || !isWordChar(haystack[at - 1]!)) return true;
    from = at + 1;
  }
}

/**
 * Tokenized text match (Shopify's default for text fields): every word of
 * the value must start a word of the field. Quoted values are phrases: the
 * whole value must appear (case-insensitive) at a word start.
 */
export function textMatcher(term: TermNode): (lowerHaystack: string) => boolean {
  const value = term.value.toLowerCase();
  if (term.quoted) return (h) => value === "" || hasWordPrefix(h, value);
  const tokens = words(value);
  if (tokens.length === 0) return () => true;
  return (h) => tokens.every((t) => hasWordPrefix(h, t));
}

/** Numeric comparison with Shopify comparators and `a..b` ranges. */
export function numberMatcher(term: TermNode): (actual: number) => boolean {
  const range = /^(-?[\d.]*)\.\.(-?[\d.]*)$/.exec(term.value);
  if (range && term.comparator === ":") {
    const lo = range[1] ? Number(range[1]) : -Infinity;
    const hi = range[2] ? Number(range[2]) : Infinity;
    return (a) => a >= lo && a <= hi;
  }
  const v = Number(term.value);
  if (!Number.isFinite(v)) return () => false;
  switch (term.comparator) {
    case "<":
      return (a) => a < v;
    case "<=":
      return (a) => a <= v;
    case ">":
      return (a) => a > v;
    case ">=":
      return (a) => a >= v;
    default:
      return (a) => a === v;
  }
}

/**
 * Parses a date value into the span it names: a year, a month, a day, or an
 * instant (one second). `now` is the current instant. Times are UTC.
 */
export function dateSpan(value: string, now: number): { start: number; end: number } | null {
  const v = value.trim();
  if (v.toLowerCase() === "now") return { start: now, end: now };
  if (/^\d{4}$/.test(v)) {
    const y = Number(v);
    return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
  }
  if (/^\d{4}-\d{2}$/.test(v)) {
    const [y, m] = v.split("-").map(Number) as [number, number];
    return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const start = Date.parse(`${v}T00:00:00Z`);
    return Number.isFinite(start) ? { start, end: start + 86_400_000 } : null;
  }
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`);
  return Number.isFinite(ms) ? { start: ms, end: ms + 1000 } : null;
}

export function dateMatcher(term: TermNode, now: number): (actualMs: number | null) => boolean {
  const range = /^(.*)\.\.(.*)$/.exec(term.value);
  if (range && term.comparator === ":") {
    const lo = range[1] ? dateSpan(range[1], now) : null;
    const hi = range[2] ? dateSpan(range[2], now) : null;
    return (a) => a !== null && (!lo || a >= lo.start) && (!hi || a < hi.end);
  }
  const span = dateSpan(term.value, now);
  if (!span) return () => false;
  switch (term.comparator) {
    case "<":
      return (a) => a !== null && a < span.start;
    case "<=":
      return (a) => a !== null && a < Math.max(span.end, span.start + 1);
    case ">":
      return (a) => a !== null && a >= Math.max(span.end, span.start + 1);
    case ">=":
      return (a) => a !== null && a >= span.start;
    default:
      return (a) => a !== null && a >= span.start && a < Math.max(span.end, span.start + 1);
  }
}

export function boolValue(term: TermNode): boolean | null {
  const v = term.value.toLowerCase();
  if (v === "true" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "no" || v === "0") return false;
  return null;
}

/** Comma-separated list value (tag:'A,B'), trimmed and lower-cased. */
export function listValue(term: TermNode): string[] {
  return term.value
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
}

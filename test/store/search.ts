/**
 * Shopify API search syntax (https://shopify.dev/docs/api/usage/search-syntax):
 *
 *   Query      = Term { [ whitespace Connective ] whitespace Term }
 *   Connective = "AND" | "OR"            (AND implied between terms)
 *   Term       = [ Modifier ] ( "(" Query ")" | [ name Comparator ] value )
 *   Modifier   = "-" | "NOT" whitespace
 *   Comparator = ":" | ":<" | ":>" | ":<=" | ":>="
 *
 * Choices where the docs are silent (kept lenient so the app is not held to
 * rules Shopify doesn't enforce):
 * - AND binds tighter than OR: `a OR b c` = `a OR (b AND c)`.
 * - Whitespace after the colon is allowed (`customer_date: >='2024-01-01'`,
 *   as in Shopify's own examples); dates may be quoted or bare.
 * - A trailing `*` is a prefix query; `field:*` means "has a value".
 * - Unbalanced quotes/parentheses close at the end of the query.
 * - Unknown filter names are ignored (the term matches everything) and
 *   reported as a warning, as Shopify does in `extensions.search`.
 */

export type Comparator = ":" | "<" | ">" | "<=" | ">=";

export interface TermNode {
  kind: "term";
  /** Lower-cased filter name, null for free text. */
  field: string | null;
  comparator: Comparator;
  value: string;
  quoted: boolean;
  /** Trailing `*` (prefix query); `field:*` has value "" and prefix true. */
  prefix: boolean;
}

export type SearchNode =
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode }
  | TermNode;

type Token =
  | { t: "lparen" }
  | { t: "rparen" }
  | { t: "and" }
  | { t: "or" }
  | { t: "not" }
  | { t: "term"; negated: boolean; node: TermNode }
  | { t: "neg-group" };

const SPECIAL = new Set([" ", "\t", "\n", "\r", "(", ")"]);

function readQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input[start];
  let value = "";
  let i = start + 1;
  while (i < input.length && input[i] !== quote) {
    if (input[i] === "\\" && i + 1 < input.length) i++;
    value += input[i];
    i++;
  }
  return { value, end: Math.min(i + 1, input.length) };
}

function readBare(
  input: string,
  start: number,
  stopAtColon: boolean,
): { value: string; end: number } {
  let value = "";
  let i = start;
  while (i < input.length && !SPECIAL.has(input[i]!) && !(stopAtColon && input[i] === ":")) {
    if (input[i] === "\\" && i + 1 < input.length) i++;
    value += input[i];
    i++;
  }
  return { value, end: i };
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "(") {
      tokens.push({ t: "lparen" });
      i++;
      continue;
    }
    if (ch === ")") {
      tokens.push({ t: "rparen" });
      i++;
      continue;
    }
    let negated = false;
    if (
      ch === "-" &&
      i + 1 < input.length &&
      (input[i + 1] === "(" || !SPECIAL.has(input[i + 1]!))
    ) {
      negated = true;
      i++;
      if (input[i] === "(") {
        tokens.push({ t: "neg-group" });
        continue;
      }
    }
    if (input[i] === '"' || input[i] === "'") {
      const { value, end } = readQuoted(input, i);
      tokens.push({ t: "term", negated, node: freeText(value, true) });
      i = end;
      continue;
    }
    const word = readBare(input, i, true);
    i = word.end;
    if (input[i] === ":" && word.value !== "") {
      i++;
      while (input[i] === " " || input[i] === "\t") i++;
      let comparator: Comparator = ":";
      for (const c of ["<=", ">=", "<", ">"] as const) {
        if (input.startsWith(c, i)) {
          comparator = c;
          i += c.length;
          break;
        }
      }
      let value: string;
      let quoted = false;
      if (input[i] === '"' || input[i] === "'") {
        const q = readQuoted(input, i);
        value = q.value;
        quoted = true;
        i = q.end;
      } else {
        const bare = readBare(input, i, false);
        value = bare.value;
        i = bare.end;
      }
      tokens.push({ t: "term", negated, node: fieldTerm(word.value, comparator, value, quoted) });
      continue;
    }
    if (!negated && word.value === "AND") tokens.push({ t: "and" });
    else if (!negated && word.value === "OR") tokens.push({ t: "or" });
    else if (!negated && word.value === "NOT") tokens.push({ t: "not" });
    else if (word.value !== "")
      tokens.push({ t: "term", negated, node: freeText(word.value, false) });
    else i++; // a lone ':' or similar: skip it
  }
  return tokens;
}

function freeText(value: string, quoted: boolean): TermNode {
  const prefix = !quoted && value.endsWith("*");
  return {
    kind: "term",
    field: null,
    comparator: ":",
    value: prefix ? value.slice(0, -1) : value,
    quoted,
    prefix,
  };
}

function fieldTerm(
  field: string,
  comparator: Comparator,
  value: string,
  quoted: boolean,
): TermNode {
  const prefix = !quoted && value.endsWith("*");
  return {
    kind: "term",
    field: field.toLowerCase(),
    comparator,
    value: prefix ? value.slice(0, -1) : value,
    quoted,
    prefix,
  };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseQuery(): SearchNode | null {
    const alternatives: SearchNode[] = [];
    let current: SearchNode[] = [];
    while (this.pos < this.tokens.length) {
      const tok = this.tokens[this.pos]!;
      if (tok.t === "rparen") break;
      if (tok.t === "or") {
        this.pos++;
        if (current.length) alternatives.push(and(current));
        current = [];
        continue;
      }
      if (tok.t === "and") {
        this.pos++;
        continue;
      }
      const term = this.parseTerm();
      if (term) current.push(term);
    }
    if (current.length) alternatives.push(and(current));
    if (alternatives.length === 0) return null;
    return alternatives.length === 1 ? alternatives[0]! : { kind: "or", children: alternatives };
  }

  private parseTerm(): SearchNode | null {
    const tok = this.tokens[this.pos++]!;
    switch (tok.t) {
      case "not": {
        if (this.pos >= this.tokens.length) return null;
        const inner = this.parseTerm();
        return inner ? { kind: "not", child: inner } : null;
      }
      case "lparen":
      case "neg-group": {
        const inner = this.parseQuery();
        if (this.tokens[this.pos]?.t === "rparen") this.pos++;
        if (!inner) return null;
        return tok.t === "neg-group" ? { kind: "not", child: inner } : inner;
      }
      case "term":
        return tok.negated ? { kind: "not", child: tok.node } : tok.node;
      default:
        return null;
    }
  }

  /** Stray closing parentheses at top level are skipped. */
  parseAll(): SearchNode | null {
    const parts: SearchNode[] = [];
    while (this.pos < this.tokens.length) {
      const node = this.parseQuery();
      if (node) parts.push(node);
      if (this.tokens[this.pos]?.t === "rparen") this.pos++;
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : and(parts);
  }
}

function and(children: SearchNode[]): SearchNode {
  return children.length === 1 ? children[0]! : { kind: "and", children };
}

/** Parses a query string; null when it has no terms. */
export function parseSearch(query: string | null | undefined): SearchNode | null {
  if (!query || !query.trim()) return null;
  return new Parser(tokenize(query)).parseAll();
}

// ---- evaluation ---------------------------------------------------------

export type Predicate<T> = (record: T) => boolean;

export interface SearchWarning {
  field: string;
  message: string;
}

/** Thrown by a filter builder to have its term ignored with a warning (as Shopify does). */
export class IgnoredFilter extends Error {}

/** How one resource answers its filters. */
export interface SearchFields<T> {
  /** Free text (no field name). */
  text: (term: TermNode) => Predicate<T>;
  /** Known filters; each builds a predicate for a term once. */
  fields: Record<string, (term: TermNode) => Predicate<T>>;
}

/**
 * Compiles a parsed query into a predicate. Unknown filters are dropped
 * (they neither match nor exclude) and reported in `warnings`.
 */
export function compileSearch<T>(
  node: SearchNode | null,
  schema: SearchFields<T>,
  warnings: SearchWarning[],
): Predicate<T> {
  const compiled = node ? compileNode(node, schema, warnings) : null;
  return compiled ?? (() => true);
}

function compileNode<T>(
  node: SearchNode,
  schema: SearchFields<T>,
  warnings: SearchWarning[],
): Predicate<T> | null {
  switch (node.kind) {
    case "and": {
      const parts = node.children
        .map((c) => compileNode(c, schema, warnings))
        .filter((p): p is Predicate<T> => !!p);
      if (parts.length === 0) return null;
      return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
    }
    case "or": {
      const parts = node.children
        .map((c) => compileNode(c, schema, warnings))
        .filter((p): p is Predicate<T> => !!p);
      if (parts.length === 0) return null;
      return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
    }
    case "not": {
      const inner = compileNode(node.child, schema, warnings);
      return inner ? (r) => !inner(r) : null;
    }
    case "term": {
      if (node.field === null) return schema.text(node);
      const build = schema.fields[node.field];
      if (!build) {
        warnings.push({ field: node.field, message: "Invalid search field for this query." });
        return null;
      }
      try {
        return build(node);
      } catch (error) {
        if (!(error instanceof IgnoredFilter)) throw error;
        warnings.push({ field: node.field, message: error.message });
        return null;
      }
    }
  }
}

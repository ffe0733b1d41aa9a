import { afterEach, beforeEach } from "vitest";

// A test fails on a console.error it did not expect: a real error must not
// scroll by in a green run. A test that provokes one on purpose says so with
// expectConsoleError(pattern), and fails if it never comes.
type Expected = { pattern: RegExp; seen: boolean };
let unexpected: string[] = [];
let expected: Expected[] = [];

const original = console.error.bind(console);

export function installConsoleGuard() {
  beforeEach(() => {
    unexpected = [];
    expected = [];
    console.error = (...args: unknown[]) => {
      const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
      const match = expected.find((e) => e.pattern.test(text));
      if (match) match.seen = true;
      else {
        unexpected.push(text);
        original(...args);
      }
    };
  });
  afterEach(() => {
    console.error = original;
    const missing = expected.filter((e) => !e.seen).map((e) => String(e.pattern));
    if (unexpected.length)
      throw new Error(`Unexpected console.error:\n${unexpected.map((u) => `  ${u}`).join("\n")}`);
    if (missing.length) throw new Error(`Expected console.error never came: ${missing.join(", ")}`);
  });
}

/** This test provokes an error log matching `pattern` (at least once). */
export function expectConsoleError(pattern: RegExp) {
  expected.push({ pattern, seen: false });
}

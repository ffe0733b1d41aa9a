import { afterEach, beforeEach } from "vitest";

// A test fails on a console.error it did not expect: a real error must not
// scroll by in a green run. A test that provokes one on purpose says so with
// expectConsoleError(pattern), and fails if it never comes. Warnings show as
// they are, except the ones a test expects (expectConsoleWarn), which are
// checked and kept out of the log.
type Expected = { pattern: RegExp; seen: boolean };
let unexpected: string[] = [];
const expected: Record<"error" | "warn", Expected[]> = { error: [], warn: [] };

const original = { error: console.error.bind(console), warn: console.warn.bind(console) };

function text(args: unknown[]) {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

export function installConsoleGuard() {
  beforeEach(() => {
    unexpected = [];
    expected.error = [];
    expected.warn = [];
    for (const level of ["error", "warn"] as const) {
      console[level] = (...args: unknown[]) => {
        const match = expected[level].find((e) => e.pattern.test(text(args)));
        if (match) return void (match.seen = true);
        if (level === "error") unexpected.push(text(args));
        original[level](...args);
      };
    }
  });
  afterEach(() => {
    console.error = original.error;
    console.warn = original.warn;
    const missing = [...expected.error, ...expected.warn]
      .filter((e) => !e.seen)
      .map((e) => String(e.pattern));
    if (unexpected.length)
      throw new Error(`Unexpected console.error:\n${unexpected.map((u) => `  ${u}`).join("\n")}`);
    if (missing.length)
      throw new Error(`Expected console output never came: ${missing.join(", ")}`);
  });
}

/** This test provokes an error log matching `pattern` (at least once). */
export function expectConsoleError(pattern: RegExp) {
  expected.error.push({ pattern, seen: false });
}

/** This test provokes a warning matching `pattern` (at least once). */
export function expectConsoleWarn(pattern: RegExp) {
  expected.warn.push({ pattern, seen: false });
}

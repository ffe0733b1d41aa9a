import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../test/support/admin-schema";

const APP = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "generated" || entry.name === "types" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// Every `#graphql` document the app sends, with the file it lives in.
export function appDocuments() {
  return sourceFiles(APP).flatMap((file) => {
    const source = readFileSync(file, "utf8");
    return [...source.matchAll(/`#graphql([\s\S]*?)`/g)].map((match) => ({
      file: path.relative(APP, file),
      text: match[1] ?? "",
    }));
  });
}

describe("the app's GraphQL documents", () => {
  const documents = appDocuments();

  it("finds the documents", () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents.map((d) => [d.file, d.text] as const))(
    "%s is valid against Admin API 2026-10 and uses no deprecated field",
    (_file, text) => {
      expect(text, "documents must be static (no ${} interpolation)").not.toContain("${");
      const errors = validate(adminSchema(), parse(text), [
        ...specifiedRules,
        NoDeprecatedCustomRule,
      ]);
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );

  it("the check catches a wrong and a deprecated field", () => {
    const wrong = validate(adminSchema(), parse("{ shop { nameTypo } }"));
    expect(wrong.map((e) => e.message)).toEqual([
      'Cannot query field "nameTypo" on type "Shop". Did you mean "name"?',
    ]);
    const deprecated = validate(
      adminSchema(),
      parse("{ customers(first: 1) { nodes { email } } }"),
      [NoDeprecatedCustomRule],
    );
    expect(deprecated[0]?.message).toMatch(/Customer\.email is deprecated/);
  });
});

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localeFromRequest, matchLocale, resources, SUPPORTED_LOCALES } from "./config";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, key: string) {
  return key
    .split(".")
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === "object" ? node[part] : undefined),
      tree,
    );
}

const english = resources.en.translation as Tree;

function appSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ["generated", "types"].includes(entry.name) ? [] : appSources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("translations", () => {
  it.each(SUPPORTED_LOCALES.filter((l) => l !== "en"))(
    "%s has exactly the English keys, none empty",
    (locale) => {
      const tree = resources[locale].translation as Tree;
      expect(keys(tree).sort()).toEqual(keys(english).sort());
      for (const key of keys(tree)) expect(lookup(tree, key), key).not.toBe("");
    },
  );

  it("every literal key the app uses exists", () => {
    const used = appSources(path.resolve(import.meta.dirname, "..")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(10);
    // A key used with a count may exist as its plural forms (key_one, key_other).
    const exists = (key: string) =>
      typeof lookup(english, key) === "string" ||
      typeof lookup(english, `${key}_other`) === "string";
    expect(used.filter((key) => !exists(key))).toEqual([]);
  });
});

describe("locale", () => {
  it.each([
    ["fr", "fr"],
    ["fr-CA", "fr"],
    ["sv-SE", "sv"],
    ["nb", "nb"],
    ["no", "nb"],
    ["nn-NO", "nb"],
    ["de", undefined],
    ["", undefined],
  ])("matches %s to %s", (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });

  it("prefers Shopify's locale parameter, then Accept-Language, then English", () => {
    const req = (url: string, lang?: string) =>
      new Request(url, { headers: lang ? { "Accept-Language": lang } : {} });
    expect(localeFromRequest(req("https://x/app?locale=sv-SE", "fr"))).toBe("sv");
    expect(localeFromRequest(req("https://x/app", "de-DE,nb;q=0.8,fr;q=0.9"))).toBe("fr");
    expect(localeFromRequest(req("https://x/app?locale=zz", "xx"))).toBe("en");
  });
});

import { describe, expect, it } from "vitest";
import { languageNamer } from "./language-name";

describe("languageNamer", () => {
  it("names a customer's language in the merchant's language, capitalised", () => {
    expect(languageNamer("fr")("fr")).toBe("Français");
    expect(languageNamer("sv")("fr")).toBe("Franska");
    expect(languageNamer("en")("pt-BR")).toBe("Brazilian Portuguese");
  });

  it("falls back to the code for what it cannot name", () => {
    expect(languageNamer("en")("not a language!")).toBe("not a language!");
    expect(languageNamer("en")("zz")).toBe("zz");
  });
});

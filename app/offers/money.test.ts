import { describe, expect, it } from "vitest";
import { currencyDecimals, parseAmount, parsePercentage, toMinor } from "./money";

describe("amounts per currency", () => {
  it("knows each currency's decimals", () => {
    expect(currencyDecimals("EUR")).toBe(2);
    expect(currencyDecimals("JPY")).toBe(0);
    expect(currencyDecimals("KWD")).toBe(3);
  });

  it("reads an amount as typed, with a comma or a point", () => {
    expect(parseAmount("12,5", "EUR")).toBe("12.50");
    expect(parseAmount(" 10 ", "SEK")).toBe("10.00");
    expect(parseAmount("1500", "JPY")).toBe("1500");
  });

  it("refuses the wrong decimals for the currency, zero, negatives and words", () => {
    expect(parseAmount("12.345", "EUR")).toBeNull();
    expect(parseAmount("12.5", "JPY")).toBeNull();
    expect(parseAmount("0", "EUR")).toBeNull();
    expect(parseAmount("-5", "EUR")).toBeNull();
    expect(parseAmount("ten", "EUR")).toBeNull();
    expect(parseAmount("1e3", "EUR")).toBeNull();
  });

  it("takes a percentage over 0 and up to 100", () => {
    expect(parsePercentage("15")).toBe("15");
    expect(parsePercentage("12,5")).toBe("12.5");
    expect(parsePercentage("100")).toBe("100");
    expect(parsePercentage("101")).toBeNull();
    expect(parsePercentage("0")).toBeNull();
    expect(parsePercentage("-3")).toBeNull();
    expect(parsePercentage("15.555")).toBeNull();
  });

  it("counts in minor units", () => {
    expect(toMinor("12.50", "EUR")).toBe(1250);
    expect(toMinor("1500", "JPY")).toBe(1500);
  });
});

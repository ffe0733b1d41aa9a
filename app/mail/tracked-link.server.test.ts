import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signLinkToken, verifyLinkToken } from "./tracked-link.server";

const secret = "link-secret-for-tests-0123456789abcdef";
const data = { shop: "boutique-asa.myshopify.com", invitation: "cm9x2k1v00003l508f1zq7c2e" };
const token = signLinkToken(data, secret);

const linkData = fc.record({
  shop: fc.string({ unit: "grapheme", minLength: 1 }),
  invitation: fc.string({ unit: "grapheme", minLength: 1 }),
});

/** Characters a changed token may hold: its own alphabet, the dot, and others. */
const someChar = fc.oneof(
  fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
  fc.constantFrom(".", "=", "+", "/", "%", " ", "é", "\n"),
);

describe("signLinkToken / verifyLinkToken", () => {
  it("GIVEN a signed token THEN it is URL-safe, compact, and gives back the shop and invitation", () => {
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(150);
    expect(verifyLinkToken(token, secret)).toEqual(data);
  });

  it("GIVEN any shop and invitation THEN the token gives them back", () => {
    fc.assert(
      fc.property(linkData, (link) => {
        expect(verifyLinkToken(signLinkToken(link, secret), secret)).toEqual(link);
      }),
    );
  });

  it("GIVEN another secret THEN null", () => {
    expect(verifyLinkToken(token, `${secret}x`)).toBeNull();
    fc.assert(
      fc.property(linkData, fc.string({ minLength: 1 }), (link, other) => {
        fc.pre(other !== secret);
        expect(verifyLinkToken(signLinkToken(link, other), secret)).toBeNull();
      }),
    );
  });

  it("GIVEN any one character of a token changed THEN null", () => {
    fc.assert(
      fc.property(linkData, fc.nat(), someChar, (link, at, char) => {
        const signed = signLinkToken(link, secret);
        const i = at % signed.length;
        fc.pre(signed[i] !== char);
        expect(verifyLinkToken(signed.slice(0, i) + char + signed.slice(i + 1), secret)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it("GIVEN the last character changed to any other, even one Node's base64 decoder reads the same THEN null", () => {
    // The last character of 32 bytes in base64url carries 2 spare bits: a
    // lenient decoder takes o, p, q and r alike. Only our own spelling counts.
    for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
      if (char !== token.at(-1))
        expect(verifyLinkToken(token.slice(0, -1) + char, secret), char).toBeNull();
  });

  it("GIVEN a token cut short, lengthened, or with a character taken out or put in THEN null", () => {
    fc.assert(
      fc.property(linkData, fc.nat(), fc.string({ minLength: 1 }), (link, at, extra) => {
        const signed = signLinkToken(link, secret);
        const i = at % signed.length;
        for (const changed of [
          signed.slice(0, i),
          signed + extra,
          signed.slice(0, i) + signed.slice(i + 1),
          signed.slice(0, i) + extra + signed.slice(i),
        ])
          if (changed !== signed) expect(verifyLinkToken(changed, secret)).toBeNull();
      }),
    );
  });

  it("GIVEN one token's data with another's signature THEN null", () => {
    const other = signLinkToken({ ...data, invitation: "another" }, secret);
    const swapped = `${other.split(".")[0]}.${token.split(".")[1]}`;
    expect(verifyLinkToken(swapped, secret)).toBeNull();
  });

  it("GIVEN anything at all THEN null, never a throw", () => {
    for (const junk of ["", ".", "..", "a.b", "a.b.c", `${token}.`, "x".repeat(10_000)])
      expect(verifyLinkToken(junk, secret)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (junk) => {
        expect(verifyLinkToken(junk, secret)).toBeNull();
      }),
    );
  });

  it("GIVEN an empty secret or missing data THEN refuses to sign or check", () => {
    expect(() => signLinkToken(data, "")).toThrow(/secret/);
    expect(() => verifyLinkToken(token, "")).toThrow(/secret/);
    expect(() => signLinkToken({ ...data, shop: "" }, secret)).toThrow(/shop and an invitation/);
  });
});

import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SecretError, decryptSecret, encryptSecret, parseEncryptionKey } from "./secrets.server";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it.each(["hunter2", "", "pässwörd ✉️ 密码", "x".repeat(100_000)])(
    "GIVEN %j sealed THEN opens to the same text",
    (plain) => {
      expect(decryptSecret(encryptSecret(plain, key), key)).toBe(plain);
    },
  );

  it("GIVEN any text THEN it round-trips, and its sealed form shows nothing of it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 8 }), (plain) => {
        const sealed = encryptSecret(plain, key);
        expect(sealed).not.toContain(plain);
        expect(decryptSecret(sealed, key)).toBe(plain);
      }),
    );
  });

  it("GIVEN a seal THEN it reads v1.<iv>.<tag>.<ciphertext> in base64url, with a new IV each time", () => {
    const first = encryptSecret("hunter2", key);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]{10}$/);
    expect(encryptSecret("hunter2", key)).not.toBe(first);
  });

  it("GIVEN another key THEN a SecretError that says so", () => {
    const sealed = encryptSecret("hunter2", key);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(SecretError);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(/another key, or changed/);
  });

  it("GIVEN any one character of a seal changed THEN a SecretError, never other text", () => {
    const sealed = encryptSecret("hunter2", key);
    fc.assert(
      fc.property(
        fc.nat({ max: sealed.length - 1 }),
        fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.="),
        (at, char) => {
          fc.pre(sealed[at] !== char);
          const changed = sealed.slice(0, at) + char + sealed.slice(at + 1);
          expect(() => decryptSecret(changed, key)).toThrow(SecretError);
        },
      ),
    );
  });

  it.each([
    ["empty", ""],
    ["another version", encryptSecret("x", key).replace(/^v1/, "v2")],
    ["a part missing", encryptSecret("x", key).split(".").slice(0, 3).join(".")],
    ["a part too many", `${encryptSecret("x", key)}.AAAA`],
    ["cut short", encryptSecret("hunter2", key).slice(0, -2)],
    ["a short IV", "v1.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA"],
    ["not base64url", "v1.!!!!.????.****"],
  ])("GIVEN a value that is %s THEN a SecretError", (_, sealed) => {
    expect(() => decryptSecret(sealed, key)).toThrow(SecretError);
  });

  it("GIVEN a key that is not 32 bytes THEN refuses to seal or open", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(/32 bytes, not 16/);
    expect(() => decryptSecret(encryptSecret("x", key), randomBytes(24))).toThrow(/not 24/);
  });
});

describe("parseEncryptionKey", () => {
  it("GIVEN 32 bytes as hex, base64 (padded or not) or base64url THEN the same key", () => {
    for (const text of [
      key.toString("hex"),
      key.toString("hex").toUpperCase(),
      key.toString("base64"),
      key.toString("base64").replace(/=+$/, ""),
      key.toString("base64url"),
      `  ${key.toString("base64")}\n`,
    ])
      expect(parseEncryptionKey(text).equals(key), text).toBe(true);
  });

  it.each([
    ["16 bytes of base64", randomBytes(16).toString("base64")],
    ["31 bytes of hex", randomBytes(31).toString("hex")],
    ["33 bytes of base64", randomBytes(33).toString("base64")],
    ["a passphrase", "correct horse battery staple"],
    ["nothing", ""],
  ])("GIVEN %s THEN a clear error that does not quote the key", (_, text) => {
    let message = "";
    try {
      parseEncryptionKey(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must be 32 bytes written as base64 \(44 characters\) or hex/);
    if (text) expect(message).not.toContain(text);
  });
});

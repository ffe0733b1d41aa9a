// Secrets at rest (a merchant's SMTP password, uploaded personal data): sealed
// with AES-256-GCM, which both hides them and detects any change to them.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** A value that cannot be opened: another key, or changed since it was sealed. */
export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretError";
  }
}

const VERSION = "v1";
const IV_BYTES = 12; // GCM's standard nonce: random, so never reused under one key
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url: safe in a database column or a URL. */
export function encryptSecret(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, key: Buffer): string {
  checkKey(key);
  const [version, ...parts] = sealed.split(".");
  const [iv, tag, text] = parts.map(fromBase64Url);
  if (version !== VERSION || parts.length !== 3 || !iv || !tag || !text)
    throw new SecretError(`Not a sealed secret (expected ${VERSION}.<iv>.<tag>.<ciphertext>)`);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretError("Not a sealed secret (wrong nonce or tag length)");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(text), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretError(
      "The secret cannot be decrypted: it was sealed with another key, or changed since",
    );
  }
}

/**
 * The 32-byte key from its text form, hex (64 characters) or base64 (44, or 43
 * without padding; base64url too): what `openssl rand -base64 32` or
 * `openssl rand -hex 32` prints. Anything else throws, without quoting the text.
 */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  const key = fromBase64Url(trimmed.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  if (key?.length === KEY_BYTES) return key;
  throw new Error(
    `The encryption key must be ${KEY_BYTES} bytes written as base64 (44 characters) or hex ` +
      `(64 characters), such as the output of \`openssl rand -base64 32\`; ` +
      `got ${trimmed.length} characters${key ? ` (${key.length} bytes)` : ""}`,
  );
}

function checkKey(key: Buffer) {
  if (key.length !== KEY_BYTES)
    throw new Error(`An AES-256 key is ${KEY_BYTES} bytes, not ${key.length}`);
}

/**
 * Strict base64url: Node's decoder skips characters it does not know, and two
 * spellings can decode to the same bytes; a sealed value has exactly one.
 */
function fromBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

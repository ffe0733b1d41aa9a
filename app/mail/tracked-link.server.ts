// The token in the click-tracking link of a sign-in invitation mail: it names
// the shop and the invitation, and only we can make one. The link is public
// (the customer is signed in to nothing), so the signature is its only lock.
import { createHmac, timingSafeEqual } from "node:crypto";

export type LinkData = { shop: string; invitation: string };

/**
 * Mixed into every signature, so a token's MAC can be no other MAC made with
 * the same secret (a webhook's, a session's), nor a future token format's.
 */
const PURPOSE = "patron:link:v1";

/** Far above a real token: nothing longer is hashed. */
const MAX_TOKEN_CHARS = 2048;

/** `<payload>.<mac>`: base64url JSON, then its HMAC-SHA256 in base64url; URL-safe as it is. */
export function signLinkToken(data: LinkData, secret: string): string {
  checkSecret(secret);
  if (!data.shop || !data.invitation)
    throw new Error("A link token needs a shop and an invitation");
  // One-letter keys keep the link short: it goes in a mail, sometimes as text.
  const payload = Buffer.from(JSON.stringify({ s: data.shop, i: data.invitation })).toString(
    "base64url",
  );
  return `${payload}.${mac(payload, secret).toString("base64url")}`;
}

/** The token's data, or null for anything but a token we signed with this secret. */
export function verifyLinkToken(token: string, secret: string): LinkData | null {
  checkSecret(secret);
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS) return null;
  const [payload, signature, ...more] = token.split(".");
  if (payload === undefined || signature === undefined || more.length > 0) return null;
  const given = fromBase64Url(signature);
  const expected = mac(payload, secret);
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const json = fromBase64Url(payload);
  if (!json) return null;
  try {
    const data: unknown = JSON.parse(json.toString("utf8"));
    if (typeof data !== "object" || data === null || Object.keys(data).length !== 2) return null;
    const { s, i } = data as Record<string, unknown>;
    return typeof s === "string" && typeof i === "string" && s && i
      ? { shop: s, invitation: i }
      : null;
  } catch {
    return null;
  }
}

function mac(payload: string, secret: string) {
  return createHmac("sha256", secret).update(`${PURPOSE}.${payload}`).digest();
}

function checkSecret(secret: string) {
  if (!secret) throw new Error("The link secret is empty");
}

/**
 * Strict base64url: Node's decoder skips characters it does not know and
 * ignores a last character's spare bits, so a changed token could decode to
 * the same bytes. Only the one spelling we write is taken.
 */
function fromBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

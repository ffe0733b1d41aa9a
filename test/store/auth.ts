/**
 * Token exchange (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange)
 * and access-token checks for the Admin API.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { AccessToken } from "./model";
import type { ShopStore } from "./state";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Shopify's answer to a missing or unknown X-Shopify-Access-Token. */
export const INVALID_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

/** Clock skew tolerated on exp/nbf, like Shopify's libraries (5 s). */
const LEEWAY_S = 5;
const ONLINE_TOKEN_TTL_S = 86_399;

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export interface SessionTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: number | string;
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
  /** Lifetime in seconds (Shopify's are 60 s; default 60). */
  ttlSeconds?: number;
}

/** Mints an App Bridge session token (HS256 JWT signed with the app secret). */
export function signSessionToken(input: SessionTokenInput): string {
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const payload = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: String(input.userId ?? 1),
    exp: now + (input.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
  };
  return signJwt(payload, input.apiSecret);
}

/** An HS256 JWT of `payload` signed with `secret`, as Shopify signs every session token. */
export function signJwt(payload: object, secret: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

export interface SessionTokenPayload {
  iss: string;
  dest: string;
  aud: string;
  sub?: string;
  exp: number;
  nbf: number;
  iat?: number;
  sid?: string;
}

/** Verifies signature, audience, destination and time; returns the payload or why not. */
export function verifySessionToken(
  token: string,
  expected: { apiKey: string; apiSecret: string; shop: string; now: number },
): SessionTokenPayload | string {
  const parts = token.split(".");
  if (parts.length !== 3) return "malformed token";
  const [head, body, sig] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: SessionTokenPayload;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SessionTokenPayload;
  } catch {
    return "malformed token";
  }
  if (header.alg !== "HS256") return "unsupported algorithm";
  const want = createHmac("sha256", expected.apiSecret).update(`${head}.${body}`).digest();
  const got = Buffer.from(sig, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return "bad signature";
  const nowS = expected.now / 1000;
  if (payload.aud !== expected.apiKey) return "wrong audience";
  if (payload.dest?.replace(/^https:\/\//, "").replace(/\/$/, "") !== expected.shop)
    return "wrong destination shop";
  if (typeof payload.exp !== "number" || payload.exp + LEEWAY_S < nowS) return "token expired";
  if (typeof payload.nbf === "number" && payload.nbf - LEEWAY_S > nowS)
    return "token not yet valid";
  return payload;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

const invalidClient: HttpAnswer = {
  status: 401,
  body: {
    error: "invalid_client",
    error_description:
      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
  },
};

function badRequest(error: string, description: string): HttpAnswer {
  return { status: 400, body: { error, error_description: description } };
}

export function issueToken(
  shop: ShopStore,
  opts: { scope: string; online?: boolean; userId?: number | null; now: number; token?: string },
): AccessToken {
  const online = !!opts.online;
  const token: AccessToken = {
    token: opts.token ?? `${online ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`,
    shop: shop.domain,
    scope: opts.scope,
    online,
    userId: opts.userId ?? null,
    expiresAt: online ? opts.now + ONLINE_TOKEN_TTL_S * 1000 : null,
  };
  shop.tokens.set(token.token, token);
  return token;
}

/** POST https://<shop>/admin/oauth/access_token with a token-exchange grant. */
export function tokenExchange(
  shop: ShopStore,
  params: Record<string, unknown>,
  app: { apiKey: string; apiSecret: string; scopes: string },
  now: number,
): HttpAnswer {
  if (params.client_id !== app.apiKey || params.client_secret !== app.apiSecret)
    return invalidClient;
  if (params.grant_type !== TOKEN_EXCHANGE_GRANT) {
    return badRequest(
      "unsupported_grant_type",
      "The authorization grant type is not supported by the authorization server.",
    );
  }
  if (params.subject_token_type !== ID_TOKEN_TYPE)
    return badRequest("invalid_request", "subject_token_type must be an id_token.");
  const requested = params.requested_token_type ?? OFFLINE_TOKEN_TYPE;
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return badRequest("invalid_request", "requested_token_type is not supported.");
  }
  if (typeof params.subject_token !== "string")
    return badRequest("invalid_request", "subject_token is missing.");
  const verified = verifySessionToken(params.subject_token, {
    apiKey: app.apiKey,
    apiSecret: app.apiSecret,
    shop: shop.domain,
    now,
  });
  if (typeof verified === "string") {
    return badRequest(
      "invalid_subject_token",
      `Subject token is invalid or expired (${verified}).`,
    );
  }
  // A token exchange is also how an embedded app gets (re)installed.
  shop.installed = true;
  const online = requested === ONLINE_TOKEN_TYPE;
  const userId = Number(verified.sub ?? 1) || 1;
  const token = issueToken(shop, { scope: app.scopes, online, userId, now });
  if (!online) return { status: 200, body: { access_token: token.token, scope: token.scope } };
  return {
    status: 200,
    body: {
      access_token: token.token,
      scope: token.scope,
      expires_in: ONLINE_TOKEN_TTL_S,
      associated_user_scope: token.scope,
      session: verified.sid ?? null,
      associated_user: {
        id: userId,
        first_name: "Staff",
        last_name: `Member ${userId}`,
        email: `staff${userId}@${shop.domain.replace(".myshopify.com", ".example")}`,
        account_owner: userId === 1,
        locale: "en",
        collaborator: false,
        email_verified: true,
      },
    },
  };
}

/** The token a GraphQL request presented, if this shop issued it and it is still valid. */
export function authenticate(
  shop: ShopStore,
  presented: string | undefined,
  now: number,
): AccessToken | null {
  if (!presented || !shop.installed) return null;
  const token = shop.tokens.get(presented);
  if (!token) return null;
  if (token.expiresAt !== null && token.expiresAt <= now) return null;
  return token;
}

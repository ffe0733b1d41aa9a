// How large a request body may be, by path; shared by the production server
// (server.mjs answers 413 before a byte of an oversized body is read) and the
// app's own readers (which count while streaming, for every other server).

/** Shopify's largest deliveries (orders with many lines) reach about a megabyte. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;
/** Pages' form posts and the extensions' calls. */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Upload routes (a CSV of 100,000 customers), read as a stream. */
export const UPLOAD_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * The limit for a request path: webhooks, upload routes (their path ends in
 * /upload), or anything else.
 * @param {string} pathname
 */
export function bodyLimitFor(pathname) {
  if (pathname.startsWith("/webhooks/")) return WEBHOOK_BODY_LIMIT;
  if (pathname.endsWith("/upload")) return UPLOAD_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

/**
 * Express middleware of the production server: Node reads no more of a body
 * than its Content-Length, so checking it bounds what any route may be sent
 * (413); a body without one (chunked) declares no bound and is refused (411).
 * @param {{ headers: Record<string, string | string[] | undefined>, path: string }} req
 * @param {{ status(code: number): { set(name: string, value: string): { send(body: string): unknown } } }} res
 * @param {() => void} next
 */
export function limitBodies(req, res, next) {
  const length = req.headers["content-length"];
  if (length === undefined && req.headers["transfer-encoding"])
    return res.status(411).set("Connection", "close").send("Length Required");
  if (Number(length ?? 0) > bodyLimitFor(req.path))
    return res.status(413).set("Connection", "close").send("Request body too large");
  next();
}

// Query parameters that carry secrets or signatures: never written to a log.
const SECRET_PARAMS = ["id_token", "hmac", "session", "signature", "code", "state", "token"];

/**
 * A URL fit for an access log: the values of secret query parameters replaced.
 * @param {string} url path and query, as in a request line
 */
export function loggableUrl(url) {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, "[redacted]");
  return `${url.slice(0, at)}?${params.toString()}`;
}

import type { Source } from "./AudienceFields";

const GID = /^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/;

/**
 * Customers handed over by another page (the spam finder's selection) as
 * `?ids=gid,gid`: the audience starts as that pick. Anything else is ignored.
 */
export function pickedSource(request: Request): Source | null {
  const raw = new URL(request.url).searchParams.get("ids");
  if (!raw) return null;
  const ids = [...new Set(raw.split(",").map((s) => s.trim()))].filter((s) => GID.test(s));
  return ids.length ? { type: "manual", customerIds: ids.slice(0, 1000) } : null;
}

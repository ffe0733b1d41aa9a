import { z } from "zod";

// Customers picked on one page and handed to another flow (the spam finder's
// list → bulk tags, bulk delete) in the URL: `?ids=` with the customers'
// Admin API ids, comma-separated. A page holds at most 50, well inside a URL's
// practical length; more than MAX_SELECTION is refused rather than cut.

export const MAX_SELECTION = 250;

const gid = z.string().regex(/^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/, "not a customer id");

/** The `ids` parameter as the receiving page reads it: each id once, in order. */
export const SelectedIds = z
  .string()
  .transform((value) => [
    ...new Set(
      value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(gid).min(1, "no customer selected").max(MAX_SELECTION));

/** A link to `path` (e.g. /app/customers/tags) with these customers selected. */
export function selectionUrl(path: string, ids: readonly string[]) {
  return `${path}?${new URLSearchParams({ ids: ids.join(",") })}`;
}

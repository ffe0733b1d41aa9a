/**
 * Who is acting, from the session token of an embedded request: Shopify's
 * user id (`sub`). The app holds offline sessions only, so it knows no name
 * or email of staff members: the id is what the records keep.
 */
export function staffOf(context: { sessionToken?: { sub?: string } | undefined }) {
  const sub = context.sessionToken?.sub;
  return sub ? `user:${sub}` : null;
}

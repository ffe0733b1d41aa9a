/** A page's record is not this shop's, or does not exist: the route answers 404. */
export function notFound(): never {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

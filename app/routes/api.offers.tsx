import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db/db.server";
import { offerForBuyer } from "../offers/lookup.server";
import { authenticate } from "../shopify.server";

// The backend of the customer's offer blocks (extensions/offer-thank-you on
// the thank-you page, extensions/offer-order-status on the order status page
// of customer accounts):
//   GET /api/offers?surface=checkout|customer_account&orderId=<gid>
//   Authorization: Bearer <the extension's session token>
// → 200 {status: "issued", offer} | {status: "pending"} | {status: "none"};
//   400 {error} for a bad query; 401 for a missing, forged or expired token;
//   404 {error} when Patron is not installed on the token's shop.
// The extensions run on Shopify's origins: every answer carries CORS headers,
// the preflight (OPTIONS) included.

// orderConfirmation gives gid://shopify/OrderIdentity/<n> on the thank-you
// page (typed as Order, documented as "becomes the Order ID"); the order
// status page gives gid://shopify/Order/<n>. Same number, same order.
const ORDER_ID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/([1-9]\d{0,19})$/;

const Query = z.object({
  surface: z.enum(["checkout", "customer_account"]),
  orderId: z
    .string()
    .regex(ORDER_ID, "orderId must be an order gid (gid://shopify/Order/<number>)")
    .transform((id) => `gid://shopify/Order/${ORDER_ID.exec(id)![1]}`),
});

// A thrown Response (401, or the 204 answer to a preflight) still needs CORS
// headers, or the browser hides it from the extension.
function withCors(request: Request, response: Response): Response {
  if (!request.headers.get("Origin") || response.headers.has("Access-Control-Allow-Origin"))
    return response;
  const headers = new Headers(response.headers);
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  return new Response(response.body, { status: response.status, headers });
}

async function authenticateExtension(request: Request) {
  // Both surfaces sign their tokens alike; each is checked by its own helper.
  const surface = new URL(request.url).searchParams.get("surface");
  try {
    return surface === "customer_account"
      ? await authenticate.public.customerAccount(request)
      : await authenticate.public.checkout(request);
  } catch (error) {
    if (error instanceof Response) throw withCors(request, error);
    throw error;
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { sessionToken, cors } = await authenticateExtension(request);
  const url = new URL(request.url);
  const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    return cors(
      json(
        { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
        { status: 400 },
      ),
    );
  // `dest` is the shop's domain (an admin token's has the scheme: accept both).
  const shop = String(sessionToken.dest).replace(/^https?:\/\//, "");
  const customerId = typeof sessionToken.sub === "string" ? sessionToken.sub : null;
  const answer = await offerForBuyer(db, shop, { orderId: parsed.data.orderId, customerId });
  if (answer.status === "not_installed")
    return cors(json({ error: "Patron is not installed on this shop" }, { status: 404 }));
  return cors(json(answer, { headers: { "Cache-Control": "no-store" } }));
};

// Only GET (and its preflight) is served; any other method is answered like a bad request.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { cors } = await authenticateExtension(request);
  return cors(json({ error: "GET /api/offers?surface=…&orderId=…" }, { status: 405 }));
};

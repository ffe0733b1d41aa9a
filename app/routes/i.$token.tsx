import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db/db.server";
import { recordClick } from "../invitations/clicks.server";
import { linkSecret } from "../invitations/signin-job.server";
import { verifyLinkToken } from "../mail/tracked-link.server";

// The tracked link of a sign-in invitation mail: public (the customer is not
// signed in to anything), so the signed token is the only key. The click is
// recorded, then the customer goes to the store's account page.
export const loader = async ({ params }: LoaderFunctionArgs) => {
  const link = verifyLinkToken(params.token ?? "", linkSecret());
  const target = link ? await recordClick(db, link.shop, link.invitation) : null;
  if (!target)
    return new Response("This link is not valid any more.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  return new Response(null, {
    status: 302,
    headers: { Location: target, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
};

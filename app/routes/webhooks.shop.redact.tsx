import type { ActionFunctionArgs } from "@remix-run/node";
import { redactShop } from "../compliance/compliance.server";
import db from "../db.server";
import { receiveWebhook } from "../webhooks/receive.server";

// Sent 48 hours after uninstall: erase everything held for the shop.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(db, request, async ({ shop }) => {
    await redactShop(db, shop);
  });

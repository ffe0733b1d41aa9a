import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { deleteShopData } from "../shop/shop-data.server";
import { receiveWebhook } from "../webhooks/receive.server";

// The shop removed the app: nothing of it stays (its sessions included).
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(db, request, async ({ shop }) => {
    await deleteShopData(db, shop);
  });

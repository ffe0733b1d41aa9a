import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { readText } from "../http/body.server";
import { localeFromRequest } from "../i18n/config";
import { createI18n } from "../i18n/instance";
import { AccountsDisabledError, createCampaign } from "../invitations/campaigns.server";
import { getQueue } from "../jobs/queue.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

// The backend of the admin action extensions (a customer's page, a selection
// on the customer index): one request invites the customers right away, as a
// campaign the merchant can follow in the app.

const Body = z.object({
  customerIds: z
    .array(z.string().regex(/^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/))
    .min(1)
    .max(250),
});

// The extension's fetch is cross-origin: its preflight (OPTIONS) comes here.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticate.admin(request);
  return cors(json({ error: "POST customer ids to invite" }, { status: 405 }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session, cors } = context;
  const t = createI18n(localeFromRequest(request)).t;
  const fail = (status: number, error: string, code?: string) =>
    cors(json({ error, ...(code ? { code } : {}) }, { status }));

  let body: z.infer<typeof Body>;
  try {
    const parsed = Body.safeParse(JSON.parse(await readText(request)));
    if (!parsed.success) return fail(400, t("invitations.api.badSelection"));
    body = parsed.data;
  } catch {
    return fail(400, t("invitations.api.badSelection"));
  }
  const store = await readStoreOverview(admin);
  const staff = staffOf(context);
  try {
    const campaign = await createCampaign(
      { db, queue: getQueue(), executor: executorFor(session.shop) },
      session.shop,
      {
        name: t("invitations.api.campaignName"),
        audience: {
          source: { type: "manual", customerIds: [...new Set(body.customerIds)] },
          // Picked by hand in Shopify admin: re-inviting a customer who declined is the point;
          // not limited to marketing consent, as Shopify admin's own invitation is not.
          exclusions: {
            declined: false,
            recentDays: null,
            requireConsent: false,
            excludeTag: null,
          },
        },
        message: { fallback: { subject: "", body: "" }, byLocale: {}, from: null, bcc: [] },
        consentWaived: true,
        remindAfterDays: null,
        remindMax: 0,
      },
      { store, staff, origin: "admin_action", send: true },
    );
    return cors(
      json({
        campaignId: campaign.id,
        mode: store.mode === "new" ? "new" : "classic",
        queued: new Set(body.customerIds).size,
        skipped: [],
        campaignUrl: `/app/invitations/${campaign.id}`,
      }),
    );
  } catch (error) {
    if (error instanceof AccountsDisabledError)
      return fail(409, t("invitations.api.accountsDisabled"), "accounts_disabled");
    throw error;
  }
};

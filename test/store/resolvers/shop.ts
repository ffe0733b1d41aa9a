import { isoDate } from "../format";
import { gid, parseGid } from "../ids";
import { customerAccountsUrl, type ShopSettings } from "../model";
import { paginate, type PageArgs } from "./connection";
import { assertMaxInput, type Ctx, type ResolverMap } from "./context";
import { ownerMetafieldFields } from "./metafields";
import { SHOP_MARKER } from "./customer-mutations";
import { orderVisible } from "./orders";

const PLAN_NAMES: Record<ShopSettings["plan"], string> = {
  STANDARD: "Shopify",
  ADVANCED: "Advanced",
  PLUS: "Shopify Plus",
  ENTERPRISE: "Commerce Components",
};

const accountUrl = customerAccountsUrl;

const settings = (ctx: Ctx) => ctx.shop.settings;

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: () => SHOP_MARKER,
    node: (_s: unknown, args: { id: string }, ctx: Ctx) => lookupNode(ctx, args.id),
    nodes: (_s: unknown, args: { ids: string[] }, ctx: Ctx) => {
      assertMaxInput(args.ids);
      return args.ids.map((id) => lookupNode(ctx, id));
    },
  },
  Shop: {
    ...ownerMetafieldFields<unknown>((_s, ctx) => gid("Shop", ctx.shop.settings.id)),
    id: (_s: unknown, _a: unknown, ctx: Ctx) => gid("Shop", settings(ctx).id),
    name: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).name,
    email: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).email,
    contactEmail: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).email,
    shopOwnerName: (_s: unknown, _a: unknown, ctx: Ctx) => `${settings(ctx).name} owner`,
    myshopifyDomain: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).myshopifyDomain,
    // "The URL of the shop's online store": its primary domain, not the myshopify one.
    url: (_s: unknown, _a: unknown, ctx: Ctx) => `https://${settings(ctx).primaryDomain}`,
    primaryDomain: (_s: unknown, _a: unknown, ctx: Ctx) => ({
      id: gid("Domain", settings(ctx).id),
      host: settings(ctx).primaryDomain,
      url: `https://${settings(ctx).primaryDomain}`,
      sslEnabled: true,
    }),
    currencyCode: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).currencyCode,
    enabledPresentmentCurrencies: (_s: unknown, _a: unknown, ctx: Ctx) => [
      settings(ctx).currencyCode,
    ],
    ianaTimezone: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).ianaTimezone,
    timezoneAbbreviation: () => "UTC",
    timezoneOffset: () => "+0000",
    timezoneOffsetMinutes: () => 0,
    createdAt: (_s: unknown, _a: unknown, ctx: Ctx) => isoDate(settings(ctx).createdAt),
    updatedAt: (_s: unknown, _a: unknown, ctx: Ctx) => isoDate(settings(ctx).createdAt),
    plan: (_s: unknown, _a: unknown, ctx: Ctx) => {
      const s = settings(ctx);
      return {
        displayName: PLAN_NAMES[s.plan],
        publicDisplayName: PLAN_NAMES[s.plan],
        partnerDevelopment: s.partnerDevelopment,
        shopifyPlus: s.plan === "PLUS" || s.plan === "ENTERPRISE",
      };
    },
    customerAccounts: (_s: unknown, _a: unknown, ctx: Ctx) => settings(ctx).customerAccounts,
    customerAccountsV2: (_s: unknown, _a: unknown, ctx: Ctx) => {
      const s = settings(ctx);
      return {
        customerAccountsVersion: s.customerAccountsVersion,
        loginRequiredAtCheckout: s.customerAccounts === "REQUIRED",
        loginLinksVisibleOnStorefrontAndCheckout: s.customerAccounts !== "DISABLED",
        url: s.customerAccounts === "DISABLED" ? null : accountUrl(s),
      };
    },
    customerTags: (_s: unknown, args: PageArgs, ctx: Ctx) => {
      const names = ctx.shop.customerTagNames();
      const rows = names.map((name, i) => ({ id: i + 1, name }));
      const conn = paginate({
        order: rows.map((r) => r.id),
        idOrder: true,
        lookup: (id) => rows[id - 1],
        matches: () => true,
        cursorValue: (r) => r.name,
        view: (r) => r.name,
        args,
      });
      return conn;
    },
  },
};

/** `node(id)` for the types the simulator keeps. */
function lookupNode(ctx: Ctx, id: string): unknown {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const { shop } = ctx;
  switch (parsed.type) {
    case "Customer":
      return shop.customers.get(parsed.id) ?? null;
    case "Order": {
      const order = shop.orders.get(parsed.id);
      return order && orderVisible(ctx, order) ? order : null;
    }
    case "DiscountCodeNode":
      return shop.discounts.get(parsed.id) ?? null;
    case "Segment":
      return shop.segments.get(parsed.id) ?? null;
    case "BulkOperation":
      return shop.bulkOperations.get(parsed.id) ?? null;
    case "Shop":
      return parsed.id === shop.settings.id ? SHOP_MARKER : null;
    default:
      return null;
  }
}

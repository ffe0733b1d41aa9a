import { createHash } from "node:crypto";
import { isoDate } from "../format";
import { gid, parseGid } from "../ids";
import type { MetafieldRecord } from "../model";
import type { ShopStore } from "../state";
import { listConnection, type PageArgs } from "./connection";
import { assertMaxInput, type Ctx, type ResolverMap } from "./context";

/** `$app` namespaces are stored as `app--<appId>`, as Shopify resolves them. */
export function resolveNamespace(namespace: string | null | undefined, appId: number): string {
  const ns = namespace ?? "$app";
  if (ns === "$app") return `app--${appId}`;
  if (ns.startsWith("$app:")) return `app--${appId}--${ns.slice(5)}`;
  return ns;
}

function digest(m: MetafieldRecord): string {
  return createHash("sha256")
    .update(`${m.namespace}\u0000${m.key}\u0000${m.type}\u0000${m.value}\u0000${m.updatedAt}`)
    .digest("hex");
}

const OWNER_TYPES: Record<string, string> = { Customer: "CUSTOMER", Order: "ORDER", Shop: "SHOP" };

export function ownerExists(shop: ShopStore, ownerGid: string): boolean {
  const parsed = parseGid(ownerGid);
  if (!parsed) return false;
  if (parsed.type === "Customer") return shop.customers.has(parsed.id);
  if (parsed.type === "Order") return shop.orders.has(parsed.id);
  if (parsed.type === "Shop") return parsed.id === shop.settings.id;
  return false;
}

function ownerOf(shop: ShopStore, ownerGid: string): unknown {
  const parsed = parseGid(ownerGid);
  if (!parsed) return null;
  if (parsed.type === "Customer") return shop.customers.get(parsed.id) ?? null;
  if (parsed.type === "Order") return shop.orders.get(parsed.id) ?? null;
  return { __typename: "Shop" };
}

/** Resolvers for `metafield(namespace, key)` / `metafields(first)` on an owner type. */
export function ownerMetafieldFields<S>(ownerGid: (source: S, ctx: Ctx) => string) {
  return {
    metafield: (source: S, args: { namespace?: string | null; key: string }, ctx: Ctx) =>
      ctx.shop.metafield(
        ownerGid(source, ctx),
        resolveNamespace(args.namespace, ctx.env.config.appId),
        args.key,
      ) ?? null,
    metafields: (
      source: S,
      args: PageArgs & { namespace?: string | null; keys?: string[] | null },
      ctx: Ctx,
    ) => {
      let list = ctx.shop.metafieldsOf(ownerGid(source, ctx));
      if (args.namespace) {
        const ns = resolveNamespace(args.namespace, ctx.env.config.appId);
        list = list.filter((m) => m.namespace === ns);
      }
      if (args.keys) {
        const keys = new Set(
          args.keys.map((k) => {
            const dot = k.lastIndexOf(".");
            return `${resolveNamespace(k.slice(0, dot), ctx.env.config.appId)}.${k.slice(dot + 1)}`;
          }),
        );
        list = list.filter((m) => keys.has(`${m.namespace}.${m.key}`));
      }
      return listConnection(list, args);
    },
  };
}

const VALIDATORS: Record<string, (v: string) => boolean> = {
  single_line_text_field: (v) => !v.includes("\n"),
  multi_line_text_field: () => true,
  json: (v) => {
    try {
      JSON.parse(v);
      return true;
    } catch {
      return false;
    }
  },
  number_integer: (v) => /^-?\d+$/.test(v.trim()),
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v.trim()),
  boolean: (v) => v === "true" || v === "false",
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && Number.isFinite(Date.parse(v)),
  date_time: (v) => Number.isFinite(Date.parse(v)),
  url: (v) => /^(https?|mailto|sms|tel):/i.test(v),
  "list.single_line_text_field": (v) => {
    try {
      const parsed: unknown = JSON.parse(v);
      return Array.isArray(parsed) && parsed.every((x) => typeof x === "string");
    } catch {
      return false;
    }
  },
};

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

interface SetError {
  field: string[];
  message: string;
  code: string;
  elementIndex: number | null;
}

function validate(ctx: Ctx, input: MetafieldsSetInput, i: number): SetError | null {
  const at = (name: string, message: string, code: string): SetError => ({
    field: ["metafields", String(i), name],
    message,
    code,
    elementIndex: i,
  });
  if (!ownerExists(ctx.shop, input.ownerId))
    return at("ownerId", "Owner does not exist.", "INVALID");
  const namespace = resolveNamespace(input.namespace, ctx.env.config.appId);
  if (input.key.length < 2)
    return at("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
  if (input.key.length > 64)
    return at("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
  if (namespace.length < 3)
    return at("namespace", "Namespace is too short (minimum is 3 characters)", "TOO_SHORT");
  const existing = ctx.shop.metafield(input.ownerId, namespace, input.key);
  if (input.compareDigest !== undefined) {
    const current = existing ? digest(existing) : null;
    if (current !== input.compareDigest) {
      return at(
        "compareDigest",
        "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
        "INVALID_COMPARE_DIGEST",
      );
    }
  }
  const type = input.type ?? existing?.type;
  if (!type) return at("type", "Type can't be blank", "BLANK");
  if (existing && input.type && input.type !== existing.type) {
    return at(
      "type",
      `Type must be ${existing.type} to match the existing metafield.`,
      "INVALID_TYPE",
    );
  }
  const check = VALIDATORS[type];
  if (!check) return at("type", `Type '${type}' is not a valid type.`, "INCLUSION");
  if (!check(input.value))
    return at("value", `Value is invalid for type ${type}.`, "INVALID_VALUE");
  return null;
}

export const metafieldResolvers: ResolverMap = {
  Metafield: {
    id: (m: MetafieldRecord) => gid("Metafield", m.id),
    legacyResourceId: (m: MetafieldRecord) => String(m.id),
    namespace: (m: MetafieldRecord) => m.namespace,
    key: (m: MetafieldRecord) => m.key,
    type: (m: MetafieldRecord) => m.type,
    value: (m: MetafieldRecord) => m.value,
    jsonValue: (m: MetafieldRecord) => {
      if (m.type === "json" || m.type.startsWith("list.")) return JSON.parse(m.value) as unknown;
      if (m.type === "number_integer" || m.type === "number_decimal") return Number(m.value);
      if (m.type === "boolean") return m.value === "true";
      return m.value;
    },
    compareDigest: (m: MetafieldRecord) => digest(m),
    createdAt: (m: MetafieldRecord) => isoDate(m.createdAt),
    updatedAt: (m: MetafieldRecord) => isoDate(m.updatedAt),
    ownerType: (m: MetafieldRecord) => OWNER_TYPES[parseGid(m.ownerGid)?.type ?? ""] ?? null,
    owner: (m: MetafieldRecord, _a: unknown, ctx: Ctx) => ownerOf(ctx.shop, m.ownerGid),
  },
  Mutation: {
    metafieldsSet: (_s: unknown, args: { metafields: MetafieldsSetInput[] }, ctx: Ctx) => {
      assertMaxInput(args.metafields);
      if (args.metafields.length > 25) {
        return {
          metafields: null,
          userErrors: [
            {
              field: ["metafields"],
              message: "Exceeded the maximum metafields input limit of 25.",
              code: "LESS_THAN_OR_EQUAL_TO",
              elementIndex: null,
            },
          ],
        };
      }
      const errors = args.metafields
        .map((m, i) => validate(ctx, m, i))
        .filter((e): e is SetError => !!e);
      // Atomic: nothing is written when any input is invalid.
      if (errors.length) return { metafields: null, userErrors: errors };
      const now = ctx.env.clock.now();
      const written = args.metafields.map((input) => {
        const namespace = resolveNamespace(input.namespace, ctx.env.config.appId);
        const existing = ctx.shop.metafield(input.ownerId, namespace, input.key);
        const record: MetafieldRecord = existing ?? {
          __typename: "Metafield",
          id: ctx.shop.nextId("metafield"),
          ownerGid: input.ownerId,
          namespace,
          key: input.key,
          type: input.type ?? "single_line_text_field",
          value: input.value,
          createdAt: now,
          updatedAt: now,
        };
        record.value = input.value;
        record.updatedAt = now;
        ctx.shop.putMetafield(record);
        return record;
      });
      return { metafields: written, userErrors: [] };
    },
  },
};

import type { Database } from "../db/db.server";

/** The customer a GDPR request is about, as Shopify names it in the payload. */
export type CustomerRef = {
  /** Shopify's numeric id, as a string. */
  id: string;
  gid: string;
  email: string | null;
  phone: string | null;
};

/**
 * One place the app keeps a customer's data. customers/data_request exports
 * from every holder; customers/redact erases from every holder. The platform
 * has its own; features hand theirs over in app/features.server.ts.
 */
export type CustomerDataHolder = {
  name: string;
  /** The models (Prisma) whose customer data this holder exports and erases. */
  models: string[];
  /** What the app holds for the customer in this shop, as plain JSON (empty: nothing). */
  export(db: Database, shop: string, customer: CustomerRef): Promise<unknown[]>;
  /** Removes or scrubs it; answers how many records changed. */
  erase(db: Database, shop: string, customer: CustomerRef): Promise<number>;
};

/**
 * Models that hold no customer data, each with the reason: with the holders'
 * models they must cover the whole schema (a test checks it), so a new model
 * cannot keep customer data that GDPR requests miss.
 */
export type NoCustomerData = Record<string, string>;

export function customerRef(customer: {
  id: number | string;
  email?: string | null;
  phone?: string | null;
}): CustomerRef {
  const id = String(customer.id).replace(/^gid:\/\/shopify\/Customer\//, "");
  return {
    id,
    gid: `gid://shopify/Customer/${id}`,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
  };
}

/** Text with the customer's email and phone taken out (Shopify's messages may quote them). */
export function withoutContact(text: string | null, customer: CustomerRef) {
  if (!text) return text;
  let out = text;
  for (const value of [customer.email, customer.phone])
    if (value) out = out.split(value).join("[redacted]");
  return out;
}

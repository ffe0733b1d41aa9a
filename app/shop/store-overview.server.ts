import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { ShopApi } from "../admin-api/executor.server";

export const STORE_OVERVIEW_QUERY = `#graphql
  query StoreOverview {
    shop {
      name
      myshopifyDomain
      currencyCode
      customerAccounts
      customerAccountsV2 {
        customerAccountsVersion
        loginRequiredAtCheckout
        url
      }
    }
  }
`;

export type AccountMode = "classic" | "classicDisabled" | "new";

export type StoreOverview = {
  name: string;
  domain: string;
  currencyCode: string;
  version: "CLASSIC" | "NEW_CUSTOMER_ACCOUNTS";
  setting: "DISABLED" | "OPTIONAL" | "REQUIRED";
  accountUrl: string | null;
  mode: AccountMode;
};

// What the invitation features can do on this store follows from these two settings.
export function accountMode(version: StoreOverview["version"], setting: StoreOverview["setting"]) {
  if (version === "NEW_CUSTOMER_ACCOUNTS") return "new";
  return setting === "DISABLED" ? "classicDisabled" : "classic";
}

type ShopData = {
  shop: {
    name: string;
    myshopifyDomain: string;
    currencyCode: string;
    customerAccounts: StoreOverview["setting"];
    customerAccountsV2: {
      customerAccountsVersion: StoreOverview["version"];
      url?: string | null;
    };
  };
};

function overviewOf({ shop }: ShopData): StoreOverview {
  return {
    name: shop.name,
    domain: shop.myshopifyDomain,
    currencyCode: shop.currencyCode,
    version: shop.customerAccountsV2.customerAccountsVersion,
    setting: shop.customerAccounts,
    accountUrl: shop.customerAccountsV2.url ?? null,
    mode: accountMode(shop.customerAccountsV2.customerAccountsVersion, shop.customerAccounts),
  };
}

export async function readStoreOverview(admin: AdminApiContext): Promise<StoreOverview> {
  const response = await admin.graphql(STORE_OVERVIEW_QUERY);
  const { data } = await response.json();
  if (!data) throw new Error("Shopify returned no shop data");
  return overviewOf(data as ShopData);
}

/** The same, in the background (a webhook's handler, a job), through the shop's executor. */
export async function storeOverviewVia(executor: ShopApi): Promise<StoreOverview> {
  return overviewOf(await executor.query<ShopData>(STORE_OVERVIEW_QUERY));
}

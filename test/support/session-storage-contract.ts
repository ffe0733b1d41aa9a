import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { expect, it } from "vitest";
import type { Database } from "../../app/db/db.server";

type StoragePrisma = ConstructorParameters<typeof PrismaSessionStorage>[0];

// The same round-trip, run on SQLite (unit tier) and on PostgreSQL (services tier).
export function sessionStorageContract(db: () => Database, shop: string) {
  it("stores, loads, finds by shop and deletes offline and online sessions", async () => {
    const storage = new PrismaSessionStorage(db() as unknown as StoragePrisma);
    const offline = new Session({
      id: `offline_${shop}`,
      shop,
      state: "state",
      isOnline: false,
      scope: "read_customers,write_customers",
      accessToken: "shpat_offline",
      expires: new Date(Date.now() + 3_600_000),
      refreshToken: "shprt_refresh",
      refreshTokenExpires: new Date(Date.now() + 86_400_000),
    });
    const online = new Session({
      id: `${shop}_12345`,
      shop,
      state: "state",
      isOnline: true,
      scope: "read_customers",
      accessToken: "shpat_online",
      expires: new Date(Date.now() + 60_000),
      onlineAccessInfo: {
        expires_in: 60,
        associated_user_scope: "read_customers",
        associated_user: {
          id: 12345,
          first_name: "Åsa",
          last_name: "Lindqvist",
          email: "asa@example.se",
          email_verified: true,
          account_owner: true,
          locale: "sv",
          collaborator: false,
        },
      },
    });

    expect(await storage.storeSession(offline)).toBe(true);
    expect(await storage.storeSession(online)).toBe(true);

    const loaded = await storage.loadSession(offline.id);
    expect(loaded?.equals(offline)).toBe(true);
    expect(loaded?.refreshToken).toBe("shprt_refresh");
    const loadedOnline = await storage.loadSession(online.id);
    expect(loadedOnline?.onlineAccessInfo?.associated_user.locale).toBe("sv");
    expect(loadedOnline?.onlineAccessInfo?.associated_user.first_name).toBe("Åsa");

    const found = await storage.findSessionsByShop(shop);
    expect(found.map((s) => s.id).sort()).toEqual([online.id, offline.id].sort());

    expect(await storage.deleteSessions([online.id, offline.id])).toBe(true);
    expect(await storage.loadSession(offline.id)).toBeUndefined();
    expect(await storage.findSessionsByShop(shop)).toEqual([]);
  });
}

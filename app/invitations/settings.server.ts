import { z } from "zod";
import type { Database } from "../db/db.server";

export const InvitationSettingsInput = z.object({
  autoInvite: z.boolean(),
  recentDays: z.coerce.number().int().min(1).max(365),
  remindAfterDays: z
    .union([z.coerce.number().int().min(1).max(29), z.literal("")])
    .transform((v) => (v === "" ? null : v)),
  remindMax: z.coerce.number().int().min(0).max(3),
});
export type InvitationSettingsInput = z.infer<typeof InvitationSettingsInput>;

const DEFAULTS = { autoInvite: false, recentDays: 30, remindAfterDays: null, remindMax: 0 };

export async function invitationSettings(db: Database, shop: string) {
  const row = await db.invitationSettings.findUnique({ where: { shop } });
  return row
    ? {
        autoInvite: row.autoInvite,
        recentDays: row.recentDays,
        remindAfterDays: row.remindAfterDays,
        remindMax: row.remindMax,
      }
    : { ...DEFAULTS };
}

export async function saveInvitationSettings(
  db: Database,
  shop: string,
  input: InvitationSettingsInput,
) {
  await db.invitationSettings.upsert({
    where: { shop },
    create: { shop, ...input },
    update: input,
  });
}

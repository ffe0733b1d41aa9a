import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";
import { decryptSecret, encryptSecret } from "../mail/secrets.server";
import { encryptionKey } from "../mail/settings.server";

/** A customer's invitations: when sent, accepted, reminded, clicked. Erased: deleted. */
const invitationData: CustomerDataHolder = {
  name: "invitations",
  models: ["Invitation"],
  async export(db, shop, customer) {
    const rows = await db.invitation.findMany({
      where: { shop, customerId: customer.gid },
      select: {
        campaignId: true,
        status: true,
        sentAt: true,
        lastSentAt: true,
        reminders: true,
        acceptedAt: true,
        clicks: true,
        firstClickAt: true,
      },
    });
    return rows;
  },
  async erase(db, shop, customer) {
    const { count } = await db.invitation.deleteMany({ where: { shop, customerId: customer.gid } });
    return count;
  },
};

/** A campaign picked by hand names its customers: the customer leaves the list. */
const campaignData: CustomerDataHolder = {
  name: "campaigns",
  models: ["Campaign"],
  async export(db, shop, customer) {
    const campaigns = await db.campaign.findMany({
      where: { shop, audience: { contains: customer.gid } },
      select: { id: true, name: true, createdAt: true },
    });
    return campaigns.map((c) => ({
      campaign: c.id,
      name: c.name,
      pickedByHand: true,
      createdAt: c.createdAt,
    }));
  },
  async erase(db, shop, customer) {
    const campaigns = await db.campaign.findMany({
      where: { shop, audience: { contains: customer.gid } },
      select: { id: true, audience: true },
    });
    for (const campaign of campaigns) {
      const audience = JSON.parse(campaign.audience) as { source: { customerIds?: string[] } };
      audience.source.customerIds = audience.source.customerIds?.filter(
        (id) => id !== customer.gid,
      );
      await db.campaign.updateMany({
        where: { id: campaign.id, shop },
        data: { audience: JSON.stringify(audience) },
      });
    }
    return campaigns.length;
  },
};

type SealedUpload = {
  csv: { emails: { line: number; email: string }[]; problems: { value: string }[] };
  customers?: Record<string, string>;
};

/** An uploaded CSV holds emails (encrypted): the customer's rows are taken out of it. */
const uploadData: CustomerDataHolder = {
  name: "audienceUploads",
  models: ["AudienceUpload"],
  async export(db, shop, customer) {
    const uploads = await db.audienceUpload.findMany({ where: { shop } });
    return uploads
      .filter((u) => mentions(open(u.sealed), customer.email, customer.gid))
      .map((u) => ({ upload: u.id, filename: u.filename, uploadedAt: u.createdAt }));
  },
  async erase(db, shop, customer) {
    const uploads = await db.audienceUpload.findMany({ where: { shop } });
    let changed = 0;
    for (const upload of uploads) {
      const data = open(upload.sealed);
      if (!mentions(data, customer.email, customer.gid)) continue;
      const email = customer.email?.toLowerCase();
      data.csv.emails = data.csv.emails.filter((e) => e.email !== email);
      data.csv.problems = data.csv.problems.filter((p) => p.value.toLowerCase() !== email);
      if (data.customers)
        data.customers = Object.fromEntries(
          Object.entries(data.customers).filter(([e, id]) => e !== email && id !== customer.gid),
        );
      await db.audienceUpload.updateMany({
        where: { id: upload.id, shop },
        data: { sealed: encryptSecret(JSON.stringify(data), encryptionKey()) },
      });
      changed++;
    }
    return changed;
  },
};

const open = (sealed: string) => JSON.parse(decryptSecret(sealed, encryptionKey())) as SealedUpload;

function mentions(data: SealedUpload, email: string | null, gid: string) {
  const lower = email?.toLowerCase();
  return (
    (!!lower && data.csv.emails.some((e) => e.email === lower)) ||
    Object.values(data.customers ?? {}).includes(gid)
  );
}

export const INVITATION_CUSTOMER_DATA = [invitationData, campaignData, uploadData];

export const INVITATION_NO_CUSTOMER_DATA: NoCustomerData = {
  MessageTemplate: "the merchant's own messages",
  MailSettings: "the store's mail server (its password encrypted)",
  InvitationSettings: "the store's invitation settings",
};

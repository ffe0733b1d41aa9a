import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";

/** A customer's offers: the codes they were given, for which order, and when. Erased: deleted. */
const offerData: CustomerDataHolder = {
  name: "offers",
  models: ["IssuedOffer"],
  async export(db, shop, customer) {
    return db.issuedOffer.findMany({
      where: { shop, customerId: customer.gid },
      select: {
        automationId: true,
        orderId: true,
        code: true,
        discountKind: true,
        value: true,
        currencyCode: true,
        endsAt: true,
        issuedAt: true,
        usedAt: true,
        status: true,
      },
    });
  },
  async erase(db, shop, customer) {
    const { count } = await db.issuedOffer.deleteMany({
      where: { shop, customerId: customer.gid },
    });
    return count;
  },
};

/** The metrics' events keep their amounts (the store's sales) but no longer say whose they were. */
const eventData: CustomerDataHolder = {
  name: "offerEvents",
  models: ["OfferEvent"],
  async export(db, shop, customer) {
    return db.offerEvent.findMany({
      where: { shop, customerId: customer.gid },
      select: { automationId: true, kind: true, orderId: true, amountMinor: true, at: true },
    });
  },
  async erase(db, shop, customer) {
    const { count } = await db.offerEvent.updateMany({
      where: { shop, customerId: customer.gid },
      data: { customerId: null, offerId: null },
    });
    return count;
  },
};

export const OFFER_CUSTOMER_DATA = [offerData, eventData];

export const OFFER_NO_CUSTOMER_DATA: NoCustomerData = {
  OfferAutomation: "the merchant's automations",
  OfferOrder: "which orders the feature handled: order ids, no customer",
};

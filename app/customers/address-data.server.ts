import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";

/**
 * The military addresses a scan found, with the address as read: exported
 * with the customer's data request, deleted with their redact (a later scan
 * finds the address again if it is still in Shopify).
 */
const militaryAddressData: CustomerDataHolder = {
  name: "militaryAddresses",
  models: ["MilitaryAddress"],
  async export(db, shop, customer) {
    return db.militaryAddress.findMany({
      where: { shop, customerId: customer.gid },
      select: {
        addressId: true,
        isDefault: true,
        address1: true,
        address2: true,
        city: true,
        provinceCode: true,
        countryCode: true,
        zip: true,
        status: true,
        foundAt: true,
        fixedAt: true,
      },
      orderBy: { foundAt: "asc" },
    });
  },
  async erase(db, shop, customer) {
    const { count } = await db.militaryAddress.deleteMany({
      where: { shop, customerId: customer.gid },
    });
    return count;
  },
};

export const ADDRESS_CUSTOMER_DATA = [militaryAddressData];

export const ADDRESS_NO_CUSTOMER_DATA: NoCustomerData = {
  AddressScan: "a scan's progress and counts, never an address",
  AddressSettings: "the store's review tag",
};

import type { CustomerDataHolder, CustomerRef, NoCustomerData } from "./customer-data.server";
import { withoutContact } from "./customer-data.server";

/**
 * Job items name their target customer and keep Shopify's reason for a
 * failure. Erased, an item keeps its outcome (the job's counts stay true)
 * but no longer says whom it was about.
 */
export const jobItemData: CustomerDataHolder = {
  name: "jobItems",
  models: ["JobItem"],
  async export(db, shop, customer) {
    const items = await db.jobItem.findMany({
      where: { shop, target: customer.gid },
      select: {
        jobId: true,
        status: true,
        error: true,
        attempts: true,
        startedAt: true,
        finishedAt: true,
      },
      orderBy: { startedAt: "asc" },
    });
    const jobs = await db.job.findMany({
      where: { shop, id: { in: items.map((i) => i.jobId) } },
      select: { id: true, kind: true, createdAt: true },
    });
    const jobOf = new Map(jobs.map((j) => [j.id, j]));
    return items.map((item) => ({
      job: item.jobId,
      kind: jobOf.get(item.jobId)?.kind ?? null,
      jobCreatedAt: jobOf.get(item.jobId)?.createdAt ?? null,
      status: item.status,
      reason: item.error,
      attempts: item.attempts,
      startedAt: item.startedAt,
      finishedAt: item.finishedAt,
    }));
  },
  async erase(db, shop, customer) {
    const items = await db.jobItem.findMany({
      where: { shop, target: customer.gid },
      select: { id: true, error: true },
    });
    for (const item of items) {
      await db.jobItem.updateMany({
        where: { id: item.id, shop },
        data: {
          target: `redacted:${item.id}`,
          data: null,
          error: withoutContact(item.error, customer),
        },
      });
    }
    return items.length;
  },
};

/**
 * GDPR requests are kept as evidence (ids only); an export made for a data
 * request holds the customer's data, so a later redact erases it.
 */
export const complianceData: CustomerDataHolder = {
  name: "privacyRequests",
  models: ["ComplianceRequest"],
  async export(db, shop, customer) {
    const requests = await db.complianceRequest.findMany({
      where: { shop, customerId: customer.id },
      select: { topic: true, receivedAt: true, completedAt: true },
      orderBy: { receivedAt: "asc" },
    });
    return requests;
  },
  async erase(db, shop, customer) {
    const { count } = await db.complianceRequest.updateMany({
      where: { shop, customerId: customer.id, export: { not: null } },
      data: { export: null },
    });
    return count;
  },
};

/**
 * A job's parameters are the merchant's (an audience search, a message), but
 * a search may name a customer by email or phone: that text is taken out.
 */
export const jobParamsData: CustomerDataHolder = {
  name: "jobs",
  models: ["Job"],
  async export(db, shop, customer) {
    const jobs = await jobsNaming(db, shop, customer);
    return jobs.map((job) => ({ job: job.id, kind: job.kind, createdAt: job.createdAt }));
  },
  async erase(db, shop, customer) {
    const jobs = await jobsNaming(db, shop, customer);
    for (const job of jobs) {
      await db.job.updateMany({
        where: { id: job.id, shop },
        data: { params: withoutContact(job.params, customer)! },
      });
    }
    return jobs.length;
  },
};

async function jobsNaming(
  db: Parameters<CustomerDataHolder["erase"]>[0],
  shop: string,
  customer: CustomerRef,
) {
  const contacts = [customer.email, customer.phone].filter((v): v is string => !!v);
  if (!contacts.length) return [];
  return db.job.findMany({
    where: { shop, OR: contacts.map((contact) => ({ params: { contains: contact } })) },
    select: { id: true, kind: true, createdAt: true, params: true },
  });
}

export const PLATFORM_CUSTOMER_DATA: CustomerDataHolder[] = [
  jobItemData,
  jobParamsData,
  complianceData,
];

/** The platform's models without customer data (queued tasks are scrubbed by the queue itself). */
export const PLATFORM_NO_CUSTOMER_DATA: NoCustomerData = {
  ActivityEntry: "what staff did and how many customers it touched: counts, never a customer",
  DataAccess: "who opened customers' data and how many: staff ids and counts, never a customer",
  Session: "sessions are the app's and its staff users', never a customer's",
  Shop: "the installation's settings",
  Task: "no holder: customers/redact scrubs the task queue (database or Redis) itself",
  WorkerProcess: "the deployment's worker processes",
};

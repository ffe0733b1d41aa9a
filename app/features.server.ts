import { PLATFORM_CUSTOMER_DATA } from "./compliance/platform-data.server";
import { INVITE_JOB, inviteJob } from "./invitations/invite-job.server";
import type { WorkerParts } from "./jobs/worker.server";
import { PLATFORM_TOPICS } from "./webhooks/topics.server";

// The one place features hand their parts to the platform, which imports no
// feature: kinds of bulk job for the engine, webhook topics for the routes
// and the worker, and the customer data they keep for GDPR requests.
export const FEATURES: WorkerParts = {
  kinds: {
    [INVITE_JOB]: inviteJob,
  },
  topics: { ...PLATFORM_TOPICS },
  customerData: [...PLATFORM_CUSTOMER_DATA],
};

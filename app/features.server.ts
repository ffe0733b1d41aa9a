import {
  PLATFORM_CUSTOMER_DATA,
  PLATFORM_NO_CUSTOMER_DATA,
} from "./compliance/platform-data.server";
import {
  INVITATION_CUSTOMER_DATA,
  INVITATION_NO_CUSTOMER_DATA,
} from "./invitations/customer-data.server";
import { purgeUploads } from "./audiences/uploads.server";
import { SPAM_CUSTOMER_DATA, SPAM_NO_CUSTOMER_DATA } from "./customers/spam-data.server";
import { purgeAbandonedScans, SPAM_SCAN_JOB, spamScanJob } from "./customers/spam.server";
import { invitationTasks } from "./invitations/tasks.server";
import { INVITE_JOB, inviteJob } from "./invitations/invite-job.server";
import { SIGN_IN_JOB, signInJob } from "./invitations/signin-job.server";
import { INVITATION_TOPICS } from "./invitations/topics.server";
import type { WorkerParts } from "./jobs/worker.server";
import { composeTopics, PLATFORM_TOPICS } from "./webhooks/topics.server";

// The one place features hand their parts to the platform, which imports no
// feature: kinds of bulk job for the engine, webhook topics for the routes
// and the worker, background tasks, and the customer data they keep for GDPR
// requests.
export const FEATURES: WorkerParts = {
  kinds: {
    [INVITE_JOB]: inviteJob,
    [SIGN_IN_JOB]: signInJob,
    [SPAM_SCAN_JOB]: spamScanJob,
  },
  topics: composeTopics(PLATFORM_TOPICS, INVITATION_TOPICS),
  tasks: (db, queue) => ({ ...invitationTasks(db, queue) }),
  customerData: [...PLATFORM_CUSTOMER_DATA, ...INVITATION_CUSTOMER_DATA, ...SPAM_CUSTOMER_DATA],
  noCustomerData: {
    ...PLATFORM_NO_CUSTOMER_DATA,
    ...INVITATION_NO_CUSTOMER_DATA,
    ...SPAM_NO_CUSTOMER_DATA,
  },
  cleanup: [purgeUploads, purgeAbandonedScans],
};

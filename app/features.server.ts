import {
  PLATFORM_CUSTOMER_DATA,
  PLATFORM_NO_CUSTOMER_DATA,
} from "./compliance/platform-data.server";
import {
  INVITATION_CUSTOMER_DATA,
  INVITATION_NO_CUSTOMER_DATA,
} from "./invitations/customer-data.server";
import { purgeUploads } from "./audiences/uploads.server";
import { ADDRESS_CUSTOMER_DATA, ADDRESS_NO_CUSTOMER_DATA } from "./customers/address-data.server";
import { addressTasks } from "./customers/address-tasks.server";
import { ADDRESS_TOPICS } from "./customers/address-topics.server";
import {
  CUSTOMER_MANAGEMENT_DATA,
  CUSTOMER_MANAGEMENT_NO_CUSTOMER_DATA,
} from "./customers/customer-data.server";
import { customerTasks } from "./customers/tasks.server";
import { DELETE_JOB, deleteJob } from "./customers/delete-job.server";
import { purgeBackups } from "./customers/deletions.server";
import {
  TAGS_ADD_JOB,
  TAGS_REMOVE_JOB,
  tagsAddJob,
  tagsRemoveJob,
} from "./customers/tag-job.server";
import { SPAM_CUSTOMER_DATA, SPAM_NO_CUSTOMER_DATA } from "./customers/spam-data.server";
import { purgeAbandonedScans, SPAM_SCAN_JOB, spamScanJob } from "./customers/spam.server";
import { invitationTasks } from "./invitations/tasks.server";
import { OFFER_CUSTOMER_DATA, OFFER_NO_CUSTOMER_DATA } from "./offers/customer-data.server";
import { OFFER_ISSUE_JOB, issueJob } from "./offers/issue-job.server";
import { offerTasks } from "./offers/tasks.server";
import { OFFER_TOPICS } from "./offers/topics.server";
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
    [TAGS_ADD_JOB]: tagsAddJob,
    [TAGS_REMOVE_JOB]: tagsRemoveJob,
    [DELETE_JOB]: deleteJob,
    [SPAM_SCAN_JOB]: spamScanJob,
    [OFFER_ISSUE_JOB]: issueJob,
  },
  topics: composeTopics(PLATFORM_TOPICS, INVITATION_TOPICS, ADDRESS_TOPICS, OFFER_TOPICS),
  tasks: (db, queue) => ({
    ...invitationTasks(db, queue),
    ...customerTasks(db),
    ...addressTasks(db),
    ...offerTasks(db),
  }),
  customerData: [
    ...PLATFORM_CUSTOMER_DATA,
    ...INVITATION_CUSTOMER_DATA,
    ...CUSTOMER_MANAGEMENT_DATA,
    ...ADDRESS_CUSTOMER_DATA,
    ...SPAM_CUSTOMER_DATA,
    ...OFFER_CUSTOMER_DATA,
  ],
  noCustomerData: {
    ...PLATFORM_NO_CUSTOMER_DATA,
    ...INVITATION_NO_CUSTOMER_DATA,
    ...CUSTOMER_MANAGEMENT_NO_CUSTOMER_DATA,
    ...ADDRESS_NO_CUSTOMER_DATA,
    ...SPAM_NO_CUSTOMER_DATA,
    ...OFFER_NO_CUSTOMER_DATA,
  },
  cleanup: [purgeUploads, purgeBackups, purgeAbandonedScans],
};

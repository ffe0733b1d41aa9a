import { INVITE_JOB, inviteJob } from "./invitations/invite-job.server";
import type { JobKinds } from "./jobs/kinds";

// The one place features hand their kinds of bulk job to the engine, which
// knows none of them: a feature adds its kind here, not in app/jobs/.
export const JOB_KINDS: JobKinds = {
  [INVITE_JOB]: inviteJob,
};

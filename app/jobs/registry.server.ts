import { INVITE_JOB, inviteJob } from "../invitations/invite-job.server";
import type { JobKind } from "./kinds";

// Every kind of bulk job the engine runs; features add theirs here.
const JOB_KINDS: Record<string, JobKind> = {
  [INVITE_JOB]: inviteJob,
};

export function jobKind(name: string): JobKind {
  const kind = JOB_KINDS[name];
  if (!kind) throw new Error(`Unknown job kind "${name}"`);
  return kind;
}

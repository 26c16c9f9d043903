/**
 * The face of the governance core that chat adapters call: every method
 * takes a neutral `Actor` and returns a neutral `Reply` (rendering is the
 * adapter's job). Later events reach adapters through their `Notifier`.
 * `createGovernanceCore` (in `create-core.ts`) composes the services.
 */
import type { Actor, ChatUserRef, ConversationKey } from "./actor.js";
import type { AuditExportDelivery, AuditExportStart } from "./audit/export-service.js";
import type { TargetInput } from "./identity/types.js";
import type { Reply } from "./replies.js";
import type { SubmitLaunchInput } from "./sar/submit-launch.js";
import type { TriageCore } from "./triage/types.js";

export interface LaunchPrefill {
  /** As typed or found in a message: a mention, an email, a login or an Okta id. */
  target?: string;
  reason?: string;
  incidentRef?: string;
}

/** One definition, owned by the launch workflow. */
export type { SubmitLaunchInput } from "./sar/submit-launch.js";

export interface DecideLaunchInput {
  launchId: string;
  decision: "approve" | "deny";
  /** Required for deny (1-1000 characters). */
  reason?: string;
  idempotencyKey?: string;
}

export interface ListRequestsInput {
  status?: string;
  user?: TargetInput;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Triage and remediation of a launched review (PRODUCT 4.4) come with `TriageCore`. */
export interface GovernanceCore extends TriageCore {
  /** Every command with its usage, platform-neutral. */
  help(): Reply;
  /** `/sar version`: the bot's name and version. */
  version(): Reply;
  whoami(actor: Actor): Promise<Reply>;

  /** The launch form with policy defaults (or a not-allowed error); cheap, called right after the ack. */
  openLaunchForm(actor: Actor, prefill?: LaunchPrefill): Promise<Reply>;
  /** Validates and records a launch: `approval-card`, `launch-queued`, `launch-form` with errors, or `error`. */
  submitLaunch(actor: Actor, input: SubmitLaunchInput): Promise<Reply>;
  /**
   * Records the chat message that shows a launch (its approval card or the
   * "launch queued" message), so it can be updated and later events go to
   * its thread.
   */
  attachLaunchMessage(launchId: string, messageId: string): Promise<void>;
  decideLaunch(actor: Actor, input: DecideLaunchInput): Promise<Reply>;
  cancelLaunch(actor: Actor, launchId: string): Promise<Reply>;

  /** Status of a SAR, an access request, or one of the bot's launches (by reference). */
  status(actor: Actor, id: string): Promise<Reply>;
  listRequests(actor: Actor, input?: ListRequestsInput): Promise<Reply>;
  postRequestMessage(actor: Actor, requestId: string, text: string): Promise<Reply>;
  watch(actor: Actor, id: string, conversation: ConversationKey): Promise<Reply>;

  link(actor: Actor, chatUser: ChatUserRef, oktaLoginOrId: string): Promise<Reply>;
  /** The audit trail of a person (`TargetInput`) or of an id (SAR, request, launch id or reference). */
  audit(actor: Actor, input?: { target?: TargetInput | string; cursor?: string }): Promise<Reply>;
  /** `/sar doctor` (admins): the bot's configuration checks as a `doctor-report`. */
  doctor(actor: Actor): Promise<Reply>;
  /**
   * `/sar audit export [since]` (`audit.read`): the audit trail as JSON Lines,
   * as a file to upload (`delivery: "file"`, Slack) or a one-time download
   * link (`"link"`, Teams).
   */
  exportAudit(actor: Actor, input: { since?: string; delivery: AuditExportDelivery }): Promise<AuditExportStart>;

  /**
   * The launch form's prefill for an Okta risk-event proposal's button (its
   * target and what Okta saw; what the card already shows), for
   * `openLaunchForm`; null when the proposal is unknown.
   */
  proposalPrefill(proposalId: string): Promise<LaunchPrefill | null>;
}

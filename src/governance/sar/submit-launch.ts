/**
 * The submitted launch form: who asks, who is reviewed and by whom, checked
 * against Okta's rules before anything is stored or sent. Then a launch
 * waiting for approval (the approval card) or one queued at once.
 */
import { createHash } from "node:crypto";
import type { Actor, ConversationKey } from "../actor.js";
import { auditActor } from "../audit/index.js";
import { GovernanceError, ValidationFailed } from "../errors.js";
import type { ResolvedActor, TargetInput } from "../identity/types.js";
import { shown } from "../identity/names.js";
import type { OktaUser } from "../okta/types.js";
import { approvalRuleFor } from "../policy/index.js";
import type { LaunchFormValues, Reply } from "../replies.js";
import type { LaunchApproval, LaunchRecord } from "../store.js";
import type { LaunchDeps } from "./deps.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { checkLaunchForm, endTimeAfter, type CheckedLaunchForm, type LaunchFormErrors } from "./launch-form.js";
import type { LaunchRunner } from "./launch-runner.js";
import { passStep } from "./launch-steps.js";
import { personOf, rememberPeople, viewOfLaunch } from "./people.js";
import { buildSarName } from "./sar-name.js";

export interface SubmitLaunchInput {
  values: LaunchFormValues;
  /** The target when the adapter already parsed it (a mention); wins over `values.target`. */
  target?: TargetInput;
  /** Where the approval card and later messages go. */
  conversation: ConversationKey;
  /** The platform's id of this submission (Slack view id, Teams invoke id): a retry returns the same launch. */
  idempotencyKey?: string;
}

const submitKey = (key: string): string => `sar.submit:${createHash("sha256").update(key).digest("hex")}`;

/** The reply for a launch as it stands: the card while it waits, "queued" while it runs, its status after. */
export async function replyForLaunch(deps: LaunchDeps, launch: LaunchRecord): Promise<Reply> {
  const view = await viewOfLaunch(deps.store, launch);
  if (launch.state === "PENDING_APPROVAL") return { type: "approval-card", launch: view };
  if (!launch.approval.required && (launch.state === "APPROVED" || launch.state === "LAUNCHING")) return { type: "launch-queued", launch: view };
  return { type: "launch-status", launch: view };
}

/** A field's message from an identity error (the resolver's own field wording wins). */
function fieldMessage(err: unknown, field: "target" | "reviewers"): string {
  if (err instanceof ValidationFailed) return err.fields[field] ?? err.message;
  if (err instanceof GovernanceError) return err.hint ? `${err.message} ${err.hint}` : err.message;
  throw err;
}

interface Resolved {
  target?: OktaUser;
  reviewers: OktaUser[];
}

async function resolveFormTarget(deps: LaunchDeps, form: CheckedLaunchForm, errors: LaunchFormErrors, correlationId: string): Promise<OktaUser | undefined> {
  if (form.target === null || errors.target !== undefined) return undefined;
  try {
    return await deps.identity.resolveTarget(form.target, { correlationId });
  } catch (err) {
    errors.target = fieldMessage(err, "target");
    return undefined;
  }
}

async function resolveReviewers(deps: LaunchDeps, form: CheckedLaunchForm, errors: LaunchFormErrors, target: OktaUser | undefined, correlationId: string): Promise<Resolved> {
  const opts = { correlationId };
  const out: Resolved = { reviewers: [], ...(target !== undefined && { target }) };
  if (errors.reviewers !== undefined) return out;
  const settled = await Promise.allSettled(form.reviewerNames.map((name) => deps.identity.resolveReviewer(name, opts)));
  const problems: string[] = [];
  for (const result of settled) {
    if (result.status === "fulfilled") out.reviewers.push(result.value);
    else problems.push(fieldMessage(result.reason, "reviewers"));
  }
  if (problems.length > 0) {
    errors.reviewers = problems.join(" ");
    return out;
  }
  const seen = new Set<string>();
  for (const reviewer of out.reviewers) {
    if (seen.has(reviewer.id)) {
      errors.reviewers = `${shown(reviewer.profile.login)} is named twice; name each reviewer once.`;
      break;
    }
    seen.add(reviewer.id);
  }
  if (target !== undefined && seen.has(target.id)) {
    errors.reviewers = `${shown(target.profile.login)} is the user under review and cannot be one of the reviewers.`;
  }
  return out;
}

/** The values shown again with the errors: what was typed, in the form's own shape. */
function echo(values: LaunchFormValues, form: CheckedLaunchForm, fallbackDays: number): LaunchFormValues {
  const days = typeof values.durationDays === "number" && Number.isFinite(values.durationDays) ? values.durationDays : fallbackDays;
  const typedTarget = typeof values.target === "string" ? values.target : undefined;
  return {
    ...(typedTarget !== undefined && { target: typedTarget }),
    reviewers: form.reviewerNames,
    durationDays: days,
    ...(form.reason !== "" && { reason: form.reason }),
    ...(form.incidentRef !== null && { incidentRef: form.incidentRef }),
  };
}

function approvalFor(deps: LaunchDeps, now: Date): LaunchApproval {
  const rule = approvalRuleFor(deps.policy, "sar.launch");
  if (!rule.required) return { required: false, minApprovals: 0, expiresAt: null };
  return { required: true, minApprovals: rule.minApprovals, expiresAt: new Date(now.getTime() + rule.expiresAfterMs) };
}

/** Checks, stores and (when no approval is needed) queues a launch; see PRODUCT.md 4.1 step 3. */
export async function submitLaunch(deps: LaunchDeps, runner: LaunchRunner, actor: Actor, input: SubmitLaunchInput): Promise<Reply> {
  const { correlationId } = actor;
  const values: LaunchFormValues = typeof input.values === "object" && input.values !== null ? input.values : { reviewers: [], durationDays: 0 };
  const { form, errors } = checkLaunchForm(values, { ...(input.target !== undefined && { target: input.target }) });
  // The target first, so the permission decision names the user under review (an auditor filtering by that user finds it).
  // Its lookup errors are only shown to a caller who is allowed to launch.
  const formTarget = await resolveFormTarget(deps, form, errors, correlationId);
  let requester: ResolvedActor;
  try {
    // authorize() writes its own audit entry for the permission decision.
    requester = await deps.identity.authorize(actor, "sar.launch", { correlationId, target: formTarget?.id ?? null });
  } catch (err) {
    return errorReplyFor(err);
  }
  const key = input.idempotencyKey !== undefined && input.idempotencyKey !== "" ? submitKey(input.idempotencyKey) : undefined;
  const repeat = key === undefined ? undefined : await repeatedLaunch(deps, key);
  if (repeat !== undefined) return replyForLaunch(deps, repeat);

  const people = await resolveReviewers(deps, form, errors, formTarget, correlationId);
  const audited = { actor: auditActor(actor, requester.user.id), correlationId, target: { oktaUserId: people.target?.id ?? null } };
  if (Object.keys(errors).length > 0 || people.target === undefined) {
    await deps.audit.record({
      ...audited,
      action: "sar.launch.submit",
      outcome: "denied",
      reason: "the form broke a rule",
      details: { stage: "validation", fields: { ...errors } },
    });
    return { type: "launch-form", values: echo(values, form, deps.policy.sar.defaultDurationDays), errors: { ...errors } };
  }
  const target = people.target;
  const now = deps.clock.now();
  const created = await deps.store.transaction(async (tx) => {
    if (key !== undefined && !(await tx.claimInbound(key, { ttlMs: deps.timings.idempotencyTtlMs }))) return null;
    const launch = await tx.createLaunch({
      requester: { platform: actor.platform, tenantId: actor.tenantId, chatUserId: actor.userId, oktaUserId: requester.user.id },
      target: { oktaUserId: target.id, login: target.profile.login },
      reviewerIds: people.reviewers.map((r) => r.id),
      sarName: (reference) => buildSarName({ prefix: deps.policy.sar.namePrefix, targetLogin: target.profile.login, incidentRef: form.incidentRef, reference }),
      sarEndTime: endTimeAfter(now, form.durationDays),
      reason: form.reason,
      incidentRef: form.incidentRef,
      approval: approvalFor(deps, now),
      conversation: input.conversation,
    });
    if (key !== undefined) await tx.putCached(key, launch.id, { ttlMs: deps.timings.idempotencyTtlMs });
    await rememberPeople(tx, launch.id, [requester.user, target, ...people.reviewers].map(personOf));
    return launch;
  });
  if (created === null) {
    // A concurrent retry of the same submission won the claim.
    const winner = key === undefined ? undefined : await repeatedLaunch(deps, key);
    if (winner !== undefined) return replyForLaunch(deps, winner);
    return errorReply("conflict", "This form was already submitted; its launch is on the way.");
  }
  await deps.audit.record({
    ...audited,
    action: "sar.launch.submit",
    outcome: created.approval.required ? "requested" : "allowed",
    launchId: created.id,
    details: {
      reference: created.reference,
      reviewerIds: [...created.reviewerIds],
      conversationId: created.conversation.conversationId,
      threadId: created.conversation.threadId ?? null,
      approvalRequired: created.approval.required,
    },
  });
  if (!created.approval.required) {
    await passStep(deps, "approval-committed", created.id);
    try {
      await runner.enqueue(created.id);
    } catch (err) {
      // The launch is stored APPROVED; the sweeper queues it once it looks stalled.
      deps.logger.error({ err, launchId: created.id }, "could not queue a launch; the sweeper will pick it up");
    }
  }
  return replyForLaunch(deps, created);
}

async function repeatedLaunch(deps: LaunchDeps, key: string): Promise<LaunchRecord | undefined> {
  const prior = await deps.store.getCached(key);
  if (typeof prior !== "string") return undefined;
  return (await deps.store.getLaunch(prior as LaunchRecord["id"])) ?? undefined;
}

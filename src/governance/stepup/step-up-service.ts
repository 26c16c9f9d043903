/**
 * Step-up authentication for approvals (policy `approval.<action>.stepUp`):
 * a chat session is not an Okta session, so under `stepUp: true` a click on
 * Approve only earns the approver a private one-time link (5 minutes, bound
 * to this launch and this approver). The link starts an OIDC code flow with
 * PKCE and `max_age=0`; the callback verifies state, nonce, the ID token and
 * that its `sub` is the approver's Okta user, consumes the challenge with a
 * conditional UPDATE (so a replay or a second tab changes nothing), and only
 * then records the approval through the usual decide path. Deny stays one
 * click: refusing is not the sensitive direction.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import type { IdentityResolver } from "../identity/types.js";
import { approvalRuleFor, canApprove, type Policy } from "../policy/index.js";
import type { Clock } from "../ports.js";
import type { Reply } from "../replies.js";
import type { DecideLaunchInput } from "../sar/index.js";
import { settledMessage } from "../sar/decide-launch.js";
import { findLaunch } from "../sar/find-launch.js";
import type { OktaUserId, SarId } from "../okta/types.js";
import type { GovernanceStore, StepUpChallenge, StepUpChallengeId, StepUpProof } from "../store.js";
import type { StepUpItemAction } from "./step-up-records.js";
import { newAuthorizationRequest, type StepUpOidc } from "./oidc-client.js";

export const DEFAULT_STEP_UP_TTL_MS = 5 * 60_000;
/** How far before the challenge an Okta sign-in may be and still count as fresh (clock skew). */
const AUTH_TIME_SKEW_MS = 60_000;

export interface StepUpDeps {
  store: GovernanceStore;
  identity: IdentityResolver;
  policy: Policy;
  audit: AuditRecorder;
  clock: Clock;
  logger: Logger;
  oidc: StepUpOidc;
  /** The link's address without the secret, e.g. `https://bot.example.com/stepup/start`. */
  startUrl: () => string;
  /** The usual decide path (`launches.decide`). */
  decide: (actor: Actor, input: DecideLaunchInput) => Promise<Reply>;
  /** Runs a triage item action once its person proved who they are (the triage service); absent: item challenges are refused. */
  itemAction?: (actor: Actor, input: StepUpItemAction, proof: StepUpProof) => Promise<Reply>;
  /** The Okta profile attribute chat emails are matched against (e.g. `profile.email`). */
  matchAttribute: string;
  ttlMs?: number;
}

/** What the browser gets: a page to read, or a redirect to Okta. */
export type StepUpPage =
  | { kind: "redirect"; location: string }
  | { kind: "page"; status: number; title: string; message: string };

export interface StepUpService {
  /** Approve under `stepUp: true` answers with the private link; anything else is the usual decision. */
  decide(actor: Actor, input: DecideLaunchInput): Promise<Reply>;
  /** `GET /stepup/start?c=<secret>`: redirects to Okta's sign-in. */
  open(secret: string | null): Promise<StepUpPage>;
  /** `GET /stepup/callback`: verifies the sign-in and records the approval (or runs the item action) once. */
  callback(url: URL, correlationId: string): Promise<StepUpPage>;
  /**
   * Under `approval.sar.remediate.stepUp`: the private link for an item
   * action on a triage card (the caller has checked the person may take it).
   */
  challengeItemAction(actor: Actor, person: { oktaUserId: OktaUserId }, action: StepUpItemAction, acrValues: string | null): Promise<Reply>;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const page = (status: number, title: string, message: string): StepUpPage => ({ kind: "page", status, title, message });
const idOf = (secret: string) => createHash("sha256").update(secret).digest("hex") as StepUpChallengeId;
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const minutes = (ms: number) => `${Math.round(ms / 60_000)} minute${Math.round(ms / 60_000) === 1 ? "" : "s"}`;

export function createStepUpService(deps: StepUpDeps): StepUpService {
  const ttlMs = deps.ttlMs ?? DEFAULT_STEP_UP_TTL_MS;
  const stepUpRule = () => {
    const rule = approvalRuleFor(deps.policy, "sar.launch");
    return rule.required && rule.stepUp === true ? rule : undefined;
  };
  const again = "Click Approve on the card again for a new link.";
  /** The pages' words for what the challenge was for: an approval, or an item action on a triage card. */
  const wordsFor = (challenge: StepUpChallenge) =>
    challenge.triageAction === null || challenge.triageAction === undefined
      ? { nothing: "nothing was approved", again, clicked: "the approver who clicked Approve" }
      : { nothing: "nothing was changed", again: "Click the button on the triage card again for a new link.", clicked: "the person who clicked" };

  async function challengeFor(actor: Actor, input: DecideLaunchInput): Promise<Reply | undefined> {
    const rule = stepUpRule();
    if (rule === undefined || input.decision !== "approve") return undefined;
    const launch = await findLaunch(deps.store, input.launchId);
    if (launch === null || !launch.approval.required) return undefined;
    let approver;
    try {
      approver = await deps.identity.resolveActor(actor, { fresh: true, correlationId: actor.correlationId });
    } catch {
      return undefined; // The usual path gives the same refusal, worded once.
    }
    const check = canApprove({ policy: deps.policy, approverGrants: approver.grants, approverOktaId: approver.user.id, requesterOktaId: launch.requester.oktaUserId });
    if (!check.allowed) return undefined;
    const now = deps.clock.now();
    if (launch.state !== "PENDING_APPROVAL") return { type: "error", code: "conflict", message: settledMessage(launch.state) };
    if (launch.approval.expiresAt !== null && launch.approval.expiresAt.getTime() <= now.getTime()) return undefined;
    const decisions = await deps.store.listDecisions(launch.id);
    if (decisions.some((d) => d.approver.oktaUserId === approver.user.id)) {
      return { type: "text", private: true, text: `You already decided on launch ${launch.reference}; your first decision counts.` };
    }

    const { secret, request, challenge } = await issueChallenge(actor, approver.user.id, rule.acrValues ?? null, { launchId: launch.id });
    await deps.audit.record({
      actor: auditActor(actor, approver.user.id),
      action: "sar.launch.step-up",
      outcome: "requested",
      launchId: launch.id,
      target: { oktaUserId: launch.target.oktaUserId },
      correlationId: actor.correlationId,
      details: { reference: launch.reference, expiresAt: challenge.expiresAt.toISOString(), acrValues: request.acrValues },
    });
    return {
      type: "text",
      private: true,
      text:
        `🔐 Approving launch ${launch.reference} needs a fresh Okta sign-in. Open your private link within ${minutes(ttlMs)}; ` +
        `it works once and only for you, and your approval counts once Okta confirms it is you: ${linkFor(secret)}`,
    };
  }

  /** A new one-time challenge for `actor` (Okta user `oktaUserId`), bound to a launch or a triage action; older expired ones are purged. */
  async function issueChallenge(actor: Actor, oktaUserId: OktaUserId, acrValues: string | null, bound: { launchId: StepUpChallenge["launchId"]; triageAction?: StepUpItemAction }) {
    const now = deps.clock.now();
    const secret = randomBytes(32).toString("base64url");
    const request = newAuthorizationRequest(acrValues);
    await deps.store.purgeStepUpChallenges(new Date(now.getTime() - 86_400_000));
    const challenge = await deps.store.createStepUpChallenge({
      id: idOf(secret),
      launchId: bound.launchId,
      ...(bound.triageAction !== undefined && { triageAction: { ...bound.triageAction } }),
      approver: { platform: actor.platform, tenantId: actor.tenantId, chatUserId: actor.userId, oktaUserId },
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
      acrValues: request.acrValues,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    return { secret, request, challenge };
  }

  /** The private link that starts the sign-in for the challenge behind `secret`. */
  function linkFor(secret: string): string {
    const link = new URL(deps.startUrl());
    link.searchParams.set("c", secret);
    return link.href;
  }

  async function refuse(challenge: StepUpChallenge, correlationId: string, reason: string, details: { [key: string]: string | null } = {}): Promise<void> {
    const item = challenge.triageAction ?? null;
    await deps.audit.record({
      actor: { platform: challenge.approver.platform, tenantId: challenge.approver.tenantId, chatUserId: challenge.approver.chatUserId, oktaUserId: challenge.approver.oktaUserId },
      action: item === null ? "sar.launch.step-up" : "sar.remediate.step-up",
      ...(item !== null && { target: { sarId: item.sarId as SarId } }),
      outcome: "denied",
      reason,
      launchId: challenge.launchId,
      correlationId,
      details,
    });
  }

  return {
    async decide(actor, input) {
      // A proof only ever comes from the callback below, never from a chat click.
      const { stepUp: _ignored, ...click } = input;
      return (await challengeFor(actor, click)) ?? deps.decide(actor, click);
    },

    async challengeItemAction(actor, person, action, acrValues) {
      const { secret, request, challenge } = await issueChallenge(actor, person.oktaUserId, acrValues, { launchId: null, triageAction: action });
      await deps.audit.record({
        actor: auditActor(actor, person.oktaUserId),
        action: "sar.remediate.step-up",
        outcome: "requested",
        target: { sarId: action.sarId as SarId },
        correlationId: actor.correlationId,
        details: { triageAction: action.action, accessId: action.accessId, expiresAt: challenge.expiresAt.toISOString(), acrValues: request.acrValues },
      });
      return {
        type: "text",
        private: true,
        text:
          `🔐 This action needs a fresh Okta sign-in. Open your private link within ${minutes(ttlMs)}; ` +
          `it works once and only for you, and the action runs once Okta confirms it is you: ${linkFor(secret)}`,
      };
    },

    async open(secret) {
      if (secret === null || !SECRET.test(secret)) return page(400, "This link is not valid", `Nothing was approved. ${again}`);
      const challenge = await deps.store.getStepUpChallenge(idOf(secret));
      if (challenge === null) return page(404, "This link is not valid", `Nothing was approved. ${again}`);
      if (challenge.consumedAt !== null) return page(410, "This link was already used", `It works once. ${again}`);
      if (challenge.expiresAt.getTime() <= deps.clock.now().getTime()) return page(410, "This link expired", `Nothing was approved. ${again}`);
      const url = await deps.oidc.authorizationUrl(challenge);
      return { kind: "redirect", location: url.href };
    },

    async callback(url, correlationId) {
      const challenge = await deps.store.getStepUpChallengeByState(url.searchParams.get("state") ?? "");
      if (challenge === null) return page(400, "This sign-in is not valid", `It does not belong to a pending approval, so nothing was approved. ${again}`);
      const w = wordsFor(challenge);
      const oktaError = url.searchParams.get("error");
      if (oktaError !== null) {
        await refuse(challenge, correlationId, `Okta answered ${oktaError}`);
        return page(400, "Okta did not sign you in", `Okta answered: ${url.searchParams.get("error_description") ?? oktaError}. ${cap(w.nothing)}.`);
      }
      const now = deps.clock.now();
      if (!(await deps.store.consumeStepUpChallenge(challenge.id, { now }))) {
        return challenge.expiresAt.getTime() <= now.getTime()
          ? page(410, "This link expired", `The sign-in came too late, so ${w.nothing}. ${w.again}`)
          : page(410, "This sign-in was already used", "It counts once; a second tab or a repeated callback changes nothing.");
      }
      let proof: StepUpProof;
      try {
        proof = await deps.oidc.verifyCallback(url, challenge);
      } catch (err) {
        deps.logger.warn({ err, launchId: challenge.launchId, correlationId }, "step-up sign-in could not be verified");
        await refuse(challenge, correlationId, "the Okta sign-in could not be verified");
        return page(400, "The Okta sign-in could not be verified", `${cap(w.nothing)}. ${w.again}`);
      }
      if (proof.sub !== challenge.approver.oktaUserId) {
        await refuse(challenge, correlationId, "signed in to Okta as someone else", { signedInAs: proof.sub });
        return page(403, "You signed in as someone else", `The link belongs to ${w.clicked}; a different Okta user signed in, so ${w.nothing}. ${w.again}`);
      }
      if (challenge.acrValues !== null && !challenge.acrValues.split(" ").includes(proof.acr ?? "")) {
        await refuse(challenge, correlationId, "the Okta sign-in did not meet the policy's acrValues", { acr: proof.acr });
        return page(403, "The sign-in was not strong enough", `The policy asks for ${challenge.acrValues}; Okta reported ${proof.acr ?? "none"}. ${cap(w.nothing)}.`);
      }
      if (proof.authTime.getTime() < challenge.createdAt.getTime() - AUTH_TIME_SKEW_MS) {
        await refuse(challenge, correlationId, "the Okta sign-in was not fresh", { authTime: proof.authTime.toISOString() });
        return page(403, "The sign-in was not fresh", `Okta reused an earlier sign-in, so ${w.nothing}. ${w.again}`);
      }
      const actor: Actor = {
        platform: challenge.approver.platform,
        tenantId: challenge.approver.tenantId,
        userId: challenge.approver.chatUserId,
        correlationId,
        // No chat platform is at hand here. Should the cached mapping have lapsed since the click, it is
        // re-derived from the Okta user the click mapped to (and who just proved it is them).
        lookupEmail: async () => {
          const user = await deps.identity.resolveReviewer(challenge.approver.oktaUserId, { correlationId });
          const value = user.profile[deps.matchAttribute.replace(/^profile\./, "")];
          return typeof value === "string" ? value : undefined;
        },
      };
      const item = challenge.triageAction ?? null;
      if (item !== null) {
        if (deps.itemAction === undefined) return page(503, "Not done", "Item actions cannot run here; nothing was changed.");
        const reply = await deps.itemAction(actor, item, proof);
        if (reply.type === "triage-action-done") {
          const what = reply.done.item !== undefined ? `${reply.done.action.toLowerCase().replace(/_/g, " ")} of ${reply.done.item.name}` : reply.done.action;
          return page(200, "Done", `Okta confirmed it is you (${proof.authTime.toISOString()}); the ${what} went through and the card in chat shows it. You can close this tab.`);
        }
        return page(409, "Not done", reply.type === "error" ? reply.message : reply.type === "text" ? reply.text : "The action could not be carried out.");
      }
      if (challenge.launchId === null) return page(400, "This sign-in is not valid", "It belongs to nothing the bot can finish, so nothing was changed.");
      const reply = await deps.decide(actor, { launchId: challenge.launchId, decision: "approve", stepUp: proof, idempotencyKey: `stepup:${challenge.id}` });
      if (reply.type === "decision-recorded") {
        const outcome = reply.outcome === "approved" ? "The launch is approved; the review is being created." : "It waits for more approvals.";
        return page(200, "Approved", `You approved launch ${reply.launch.reference}, verified with Okta at ${proof.authTime.toISOString()}. ${outcome} You can close this tab.`);
      }
      return page(409, "Not approved", reply.type === "error" ? reply.message : "The approval could not be recorded.");
    },
  };
}

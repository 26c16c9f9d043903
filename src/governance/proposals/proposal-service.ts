/**
 * Okta risk events propose a security access review: each event of a type
 * the policy names (and meeting its condition, e.g. risk level HIGH) is
 * de-duplicated by its uuid, mapped to its Okta user, folded into that
 * user's open proposal (one per window) and shown as one card per
 * configured channel - posted the first time, redrawn on repeats.
 */
import type { Logger } from "pino";
import type { ChatPlatform, ConversationKey } from "../actor.js";
import type { LaunchPrefill } from "../core.js";
import { OktaNotFound } from "../okta/errors.js";
import type { OktaUser, OktaUserId } from "../okta/types.js";
import type { Policy, ProposalPolicy, ProposalTrigger } from "../policy/index.js";
import type { Clock, OktaGovernance } from "../ports.js";
import type { GovernanceStore } from "../store.js";
import { eventsOf, identityOf, riskLevelOf, subjectOf, summarise, type EventUser, type LogEventLike } from "./okta-events.js";
import type { ProposalNotifiers } from "./proposal-notifier.js";
import type { ProposalId, ProposalRecord } from "./proposal-types.js";

/** How long an event uuid is remembered against Okta's redeliveries. */
export const EVENT_CLAIM_TTL_MS = 7 * 24 * 3_600_000;

export type EventOutcome = "proposed" | "updated" | "duplicate" | "ignored";

export interface DeliveryReport {
  /** Per event read, in order. */
  outcomes: EventOutcome[];
}

export interface ProposalServiceOptions {
  store: GovernanceStore;
  okta: OktaGovernance;
  policy: Policy;
  /** Read at each event: adapters register theirs after the core is built. */
  notifiers: ProposalNotifiers;
  clock: Clock;
  logger: Logger;
}

export interface ProposalService {
  /** Handles one event hook delivery (already authenticated); never throws on bad input. */
  receive(body: unknown): Promise<DeliveryReport>;
  /** The launch form's prefill for a proposal's button; null when it is unknown. */
  prefill(proposalId: string): Promise<LaunchPrefill | null>;
}

function triggerFor(policy: ProposalPolicy, event: LogEventLike, eventType: string): ProposalTrigger | undefined {
  const trigger = policy.events.find((t) => t.eventType === eventType);
  if (trigger?.riskLevels === undefined) return trigger;
  const level = riskLevelOf(event);
  return level !== null && (trigger.riskLevels as readonly string[]).includes(level) ? trigger : undefined;
}

function channelsOf(policy: ProposalPolicy): { platform: ChatPlatform; key: ConversationKey }[] {
  const out: { platform: ChatPlatform; key: ConversationKey }[] = [];
  const { slack, teams } = policy.channels;
  // Slack needs only the channel id; the workspace is the bot token's.
  if (slack) out.push({ platform: "slack", key: { platform: "slack", tenantId: "", conversationId: slack.channel } });
  if (teams) out.push({ platform: "teams", key: { platform: "teams", tenantId: teams.tenantId, conversationId: teams.conversationId } });
  return out;
}

function displayNameOf(user: OktaUser): string | null {
  const { displayName, firstName, lastName } = user.profile;
  if (typeof displayName === "string" && displayName.trim() !== "") return displayName.trim();
  const full = [firstName, lastName].filter((p): p is string => typeof p === "string" && p.trim() !== "").join(" ");
  return full === "" ? null : full;
}

export function createProposalService(options: ProposalServiceOptions): ProposalService {
  const { store, okta, policy, notifiers, clock, logger } = options;
  // One delivery at a time per process, so repeats for one user find the card their predecessor posted.
  let queue: Promise<unknown> = Promise.resolve();

  /** The Okta user an event is about; null when Okta no longer knows them. */
  async function lookUp(subject: EventUser): Promise<{ id: OktaUserId; login: string; displayName: string | null } | null> {
    try {
      // Background: a burst of Okta events must not take the rate-limit budget people's launches need.
      const user = await okta.getUser(subject.id, { priority: "background" });
      return { id: user.id, login: user.profile.login, displayName: displayNameOf(user) };
    } catch (err) {
      if (err instanceof OktaNotFound) return null;
      // Okta is slow or down: the card still goes out with what the event said; the launch resolves the user afresh.
      logger.warn({ err, oktaUserId: subject.id }, "could not read the event's user from Okta; the proposal uses the event's own names");
      return { id: subject.id as OktaUserId, login: subject.alternateId ?? subject.id, displayName: subject.displayName };
    }
  }

  async function show(proposal: ProposalRecord, created: boolean): Promise<void> {
    const section = policy.proposals;
    if (section === undefined) return;
    for (const { platform, key } of channelsOf(section)) {
      const notifier = notifiers[platform];
      if (notifier === undefined) {
        logger.warn({ platform }, `a proposal channel is configured for ${platform}, but ${platform} is off; no card posted there`);
        continue;
      }
      try {
        const existing = proposal.messages[platform];
        if (existing !== undefined) {
          await notifier.update(key, existing, proposal);
          continue;
        }
        const messageId = await notifier.post(key, proposal);
        await store.setProposalMessage(proposal.id, platform, messageId);
        // Another replica may have folded an event in while this card was being posted: show the latest.
        const latest = await store.getProposal(proposal.id);
        if (latest !== null && latest.version !== proposal.version) await notifier.update(key, messageId, latest);
      } catch (err) {
        logger.error({ err, platform, proposalId: proposal.id, created }, "could not show the proposal card");
      }
    }
  }

  async function handle(event: LogEventLike, section: ProposalPolicy): Promise<EventOutcome> {
    const identity = identityOf(event);
    if (identity === null) return "ignored";
    if (triggerFor(section, event, identity.eventType) === undefined) return "ignored";
    const subject = subjectOf(event);
    if (subject === null) {
      logger.info({ eventType: identity.eventType, uuid: identity.uuid }, "an Okta event names no user; no proposal");
      return "ignored";
    }
    if (!(await store.claimInbound(`okta-event:${identity.uuid}`, { ttlMs: EVENT_CLAIM_TTL_MS }))) return "duplicate";
    const user = await lookUp(subject);
    if (user === null) {
      logger.info({ oktaUserId: subject.id, uuid: identity.uuid }, "the event's user is not in Okta any more; no proposal");
      return "ignored";
    }
    const now = clock.now();
    const { proposal, created } = await store.recordProposalEvent({
      oktaUserId: user.id,
      login: user.login,
      displayName: user.displayName,
      event: summarise(event, identity, now),
      windowMs: section.windowMs,
      now,
    });
    await store
      .appendAudit({
        actor: {},
        action: created ? "proposal.opened" : "proposal.updated",
        target: { oktaUserId: user.id },
        outcome: "requested",
        details: { proposalId: proposal.id, eventType: identity.eventType, eventUuid: identity.uuid, eventCount: proposal.eventCount },
      })
      .catch((err: unknown) => logger.error({ err, proposalId: proposal.id }, "audit write failed"));
    logger.info({ proposalId: proposal.id, oktaUserId: user.id, eventType: identity.eventType, count: proposal.eventCount }, created ? "Okta event proposes a review" : "Okta event folded into an open proposal");
    await show(proposal, created);
    return created ? "proposed" : "updated";
  }

  async function receiveNow(body: unknown): Promise<DeliveryReport> {
    const section = policy.proposals;
    const read = eventsOf(body);
    if ("error" in read) return { outcomes: [] };
    const outcomes: EventOutcome[] = [];
    for (const event of read.events) {
      if (section === undefined) {
        outcomes.push("ignored");
        continue;
      }
      try {
        outcomes.push(await handle(event, section));
      } catch (err) {
        logger.error({ err }, "an Okta event could not be handled");
        outcomes.push("ignored");
      }
    }
    return { outcomes };
  }

  return {
    receive(body) {
      const run = queue.then(() => receiveNow(body));
      queue = run.catch(() => undefined);
      return run;
    },

    async prefill(proposalId) {
      const proposal = await store.getProposal(proposalId as ProposalId);
      if (proposal === null) return null;
      const { lastEvent } = proposal;
      const times = proposal.eventCount === 1 ? "" : ` (${proposal.eventCount} events since ${proposal.openedAt.toISOString()})`;
      const risk = lastEvent.riskLevel === null ? "" : `, risk ${lastEvent.riskLevel}`;
      const reason = `Okta reported ${lastEvent.eventType}${risk} at ${lastEvent.published}: ${lastEvent.summary}${times}`;
      return { target: proposal.login, reason: reason.slice(0, 1000) };
    },
  };
}

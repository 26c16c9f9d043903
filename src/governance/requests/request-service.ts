/**
 * Access requests from chat (PRODUCT.md 4.2): `/sar status <id>` for a
 * request or a SAR, `/sar requests [STATUS] [@user]`, and
 * `/sar message <requestId> <text>`. Input is checked before any Okta call;
 * every answer is a neutral `Reply`.
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import type { TargetInput, IdentityResolver } from "../identity/types.js";
import type { AccessRequestId, OktaUserId, SarId } from "../okta/types.js";
import type { Clock, OktaGovernance } from "../ports.js";
import type { PersonView, Reply } from "../replies.js";
import type { GovernanceStore } from "../store.js";
import { interactive } from "./call-options.js";
import { errorReplyFor } from "../error-reply.js";
import { parseOktaObjectId, parseRequestId } from "./ids.js";
import { checkPaging, listRequestsQuery } from "./list-query.js";
import { checkMessageText, messagePreview } from "./message-text.js";
import { createPeopleLookup, type PeopleLookup } from "./people.js";
import { loadSarView } from "./sar-status.js";
import { parseRequestStatus } from "./statuses.js";
import { peopleOf, toRequestView } from "./views.js";

export interface RequestServiceOptions {
  okta: OktaGovernance;
  identity: IdentityResolver;
  store: GovernanceStore;
  audit: AuditRecorder;
  clock: Clock;
  logger: Logger;
  /** Okta user id -> login lookups; default a store-cached one over `okta`. */
  people?: PeopleLookup;
}

export interface ListRequestsInput {
  /** One of Okta's request statuses, in any case. */
  status?: string;
  /** Only requests made for this person. */
  user?: TargetInput;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface RequestService {
  /** A SAR's or an access request's current state (`sar-status` / `request-status`). */
  status(actor: Actor, id: string): Promise<Reply>;
  /** Recent access requests, newest first, one page (`request-list`). */
  list(actor: Actor, input?: ListRequestsInput): Promise<Reply>;
  /** Posts a message onto an access request (`message-posted`); audited. */
  postMessage(actor: Actor, requestId: string, text: string): Promise<Reply>;
}

const requestNotFound = (id: string) => `No access request ${id} in Okta.`;
const sarNotFound = (id: string) => `No security access review ${id} in Okta.`;

/** Builds the access request commands. */
export function createRequestService(options: RequestServiceOptions): RequestService {
  const { okta, identity, audit, logger } = options;
  const people = options.people ?? createPeopleLookup({ okta, store: options.store, logger });

  async function sarStatus(actor: Actor, id: SarId): Promise<Reply> {
    await identity.authorize(actor, "sar.read");
    return { type: "sar-status", sar: await loadSarView(okta, id, interactive(actor), logger) };
  }

  async function requestStatus(actor: Actor, id: AccessRequestId): Promise<Reply> {
    await identity.authorize(actor, "request.read");
    const request = await okta.getRequest(id, interactive(actor));
    const known = await people(peopleOf(request), interactive(actor));
    return { type: "request-status", request: toRequestView(request, known) };
  }

  /** One audit entry per message that reached Okta; the text is kept short there. */
  async function auditMessage(
    actor: Actor,
    oktaUserId: OktaUserId,
    requestId: AccessRequestId,
    text: string,
    result: { outcome: "succeeded" | "failed"; reason?: string; details: Record<string, string> },
  ): Promise<void> {
    await audit.record({
      actor: auditActor(actor, oktaUserId),
      action: "request.message",
      target: { requestId },
      outcome: result.outcome,
      ...(result.reason !== undefined && { reason: result.reason }),
      correlationId: actor.correlationId,
      details: { ...result.details, messageLength: text.length, messagePreview: messagePreview(text) },
    });
  }

  return {
    async status(actor, rawId) {
      let notFound: string | undefined;
      try {
        const ref = parseOktaObjectId(rawId);
        notFound = ref.kind === "sar" ? sarNotFound(ref.id) : requestNotFound(ref.id);
        return ref.kind === "sar" ? await sarStatus(actor, ref.id) : await requestStatus(actor, ref.id);
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId, ...(notFound && { notFound }) });
      }
    },

    async list(actor, input = {}) {
      try {
        const status = input.status === undefined ? undefined : parseRequestStatus(input.status);
        checkPaging(input.cursor, input.limit);
        await identity.authorize(actor, "request.read");
        let user: PersonView | undefined;
        if (input.user !== undefined) {
          const found = await identity.resolveTarget(input.user, { correlationId: actor.correlationId });
          user = { oktaUserId: found.id, login: found.profile.login };
        }
        const page = await okta.listRequests(
          listRequestsQuery({
            ...(status && { status }),
            ...(user && { requestedFor: user.oktaUserId as OktaUserId }),
            ...(input.cursor !== undefined && { cursor: input.cursor }),
            ...(input.limit !== undefined && { limit: input.limit }),
          }),
          interactive(actor),
        );
        const known = await people(page.items.flatMap(peopleOf), interactive(actor));
        return {
          type: "request-list",
          items: page.items.map((request) => toRequestView(request, known)),
          filter: { ...(status && { status }), ...(user && { user }) },
          ...(page.nextAfter !== undefined && { nextCursor: page.nextAfter }),
        };
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId });
      }
    },

    async postMessage(actor, rawId, text) {
      let id: AccessRequestId | undefined;
      let oktaUserId: OktaUserId | undefined;
      try {
        id = parseRequestId(rawId);
        checkMessageText(text);
        oktaUserId = (await identity.authorize(actor, "request.message")).user.id;
        const posted = await okta.createRequestMessage(id, text, interactive(actor));
        await auditMessage(actor, oktaUserId, id, text, { outcome: "succeeded", details: posted.id ? { messageId: posted.id } : {} });
        return { type: "message-posted", requestId: id, text, ...(posted.id ? { messageId: posted.id } : {}) };
      } catch (err) {
        const reply = errorReplyFor(err, { logger, correlationId: actor.correlationId, ...(id && { notFound: requestNotFound(id) }) });
        // Only attempts that reached Okta are audited here; refusals by role are audited by the resolver.
        if (oktaUserId !== undefined && id !== undefined) {
          await auditMessage(actor, oktaUserId, id, text, { outcome: "failed", reason: reply.message, details: { code: reply.code } });
        }
        return reply;
      }
    },
  };
}

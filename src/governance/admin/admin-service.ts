/**
 * `/sar whoami`, `/sar link @user <okta-login>`, `/sar audit [@user|id]`
 * and `/sar help` (PRODUCT.md 3 and 4.3).
 */
import type { Logger } from "pino";
import type { Actor, ChatUserRef } from "../actor.js";
import { auditActor, readAudit, type AuditRecorder } from "../audit/index.js";
import { ValidationFailed } from "../errors.js";
import { classifyName } from "../identity/names.js";
import type { IdentityResolver } from "../identity/types.js";
import { describeAccess, type Policy } from "../policy/index.js";
import type { OktaGovernance } from "../ports.js";
import type { Reply } from "../replies.js";
import { errorReplyFor } from "../error-reply.js";
import type { GovernanceStore } from "../store.js";
import { auditFilterFor, type AuditTarget } from "./audit-filter.js";
import { runDoctorFor, type DoctorPort } from "./doctor.js";
import { helpEntries } from "./help.js";

export interface AdminServiceOptions {
  identity: IdentityResolver;
  store: GovernanceStore;
  policy: Policy;
  audit: AuditRecorder;
  /** Kept for parity with the other services; lookups go through `identity`. */
  okta: OktaGovernance;
  logger: Logger;
  /** The configuration checks behind `/sar doctor` (absent: the command says it is unavailable). */
  doctor?: DoctorPort;
}

export interface AuditInput {
  /** A person, or a SAR id, request id, launch id or launch reference. */
  target?: AuditTarget;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Entries per page, 1 to 200 (default 20). */
  limit?: number;
}

export interface AdminService {
  /** The caller's Okta identity, roles and allowed actions; needs no role. */
  whoami(actor: Actor): Promise<Reply>;
  /** Links a chat user to an Okta user (`identity.link`); audited. */
  link(actor: Actor, chatUser: ChatUserRef, oktaLoginOrId: string): Promise<Reply>;
  /** A page of the audit trail (`audit.read`), newest first. */
  audit(actor: Actor, input?: AuditInput): Promise<Reply>;
  /** `/sar doctor`: the bot's configuration checks (`audit.read`); audited. */
  doctor(actor: Actor): Promise<Reply>;
  /** Every command with its usage. */
  help(): Reply;
}

const CHAT_ID = /^[A-Za-z0-9:._@-]{1,200}$/;
const PLATFORMS: readonly string[] = ["slack", "teams", "cli"];

function checkChatUser(user: ChatUserRef): void {
  if (!PLATFORMS.includes(user.platform) || !CHAT_ID.test(user.tenantId ?? "") || !CHAT_ID.test(user.userId ?? "")) {
    throw new ValidationFailed({ chatUser: "Mention the chat user to link (@name)." });
  }
}

/** Builds the admin commands. */
export function createAdminService(options: AdminServiceOptions): AdminService {
  const { identity, store, policy, audit, logger } = options;

  return {
    async whoami(actor) {
      try {
        const resolved = await identity.resolveActor(actor);
        return { type: "whoami", access: describeAccess(policy, resolved.subject) };
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId });
      }
    },

    async link(actor, chatUser, oktaLoginOrId) {
      try {
        checkChatUser(chatUser);
        const name = classifyName(oktaLoginOrId);
        if (name === null) throw new ValidationFailed({ oktaUser: "Name the Okta user by login, email or 00u… id." });
        const admin = await identity.authorize(actor, "identity.link");
        const target = await identity.resolveTarget(name, { correlationId: actor.correlationId });
        const key = { platform: chatUser.platform, tenantId: chatUser.tenantId, chatUserId: chatUser.userId };
        const previous = await store.getIdentityLink(key);
        await store.upsertIdentityLink({
          ...key,
          oktaUserId: target.id,
          oktaLogin: target.profile.login,
          linkedBy: { platform: actor.platform, tenantId: actor.tenantId, chatUserId: actor.userId, oktaUserId: admin.user.id },
        });
        await identity.forget(chatUser);
        await audit.record({
          actor: auditActor(actor, admin.user.id),
          action: "identity.link",
          target: { oktaUserId: target.id },
          outcome: "succeeded",
          correlationId: actor.correlationId,
          details: {
            chatPlatform: key.platform,
            chatTenantId: key.tenantId,
            chatUserId: key.chatUserId,
            oktaLogin: target.profile.login,
            previousOktaUserId: previous?.oktaUserId ?? null,
          },
        });
        return {
          type: "identity-linked",
          chatUserId: chatUser.userId,
          platform: chatUser.platform,
          person: { oktaUserId: target.id, login: target.profile.login },
        };
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId });
      }
    },

    async audit(actor, input = {}) {
      try {
        await identity.authorize(actor, "audit.read");
        const filter = await auditFilterFor(input.target, { identity, store, correlationId: actor.correlationId });
        const page = await readAudit(store, {
          ...filter,
          limit: input.limit ?? 20,
          ...(input.cursor !== undefined && { cursor: input.cursor }),
        });
        return { type: "audit-log", entries: page.entries, ...(page.nextCursor !== null && { nextCursor: page.nextCursor }) };
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId });
      }
    },

    doctor: (actor) => runDoctorFor({ identity, audit, logger, doctor: options.doctor }, actor),

    help: () => ({ type: "help", entries: helpEntries() }),
  };
}

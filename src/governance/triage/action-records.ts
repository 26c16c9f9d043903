/**
 * What a triage action is called, what it leaves behind in Okta, and how it
 * is recorded: the tables of item actions, the attribution comment posted
 * on the review, and the `triage_actions` row's actor and outcome.
 */
import type { Actor } from "../actor.js";
import type { ResolvedActor } from "../identity/types.js";
import type { SarAccessAction } from "../okta/sar-triage-types.js";
import type { OktaUserId } from "../okta/types.js";
import type { PersonView } from "../replies.js";
import type { TriageActionActor, TriageActionRecord } from "../store.js";
import { actionWord } from "./text.js";
import { MAX_COMMENT } from "./triage-input.js";
import type { TriageActionDone } from "./types.js";

export type ActionName = TriageActionDone["action"];

/** What each item action leaves the item's remediation status as, once it took effect. */
export const EFFECT: Readonly<Record<SarAccessAction, readonly string[]>> = {
  REVOKE_ACCESS: ["IN_PROGRESS", "REMEDIATED"],
  RESTORE_ACCESS: ["IN_PROGRESS", "NONE"],
  FLAG_FOR_MANUAL_REMEDIATION: ["PENDING_MANUAL_REMEDIATION"],
  FLAG_FOR_MANUAL_RESTORATION: ["PENDING_MANUAL_RESTORATION"],
};

/** What a click under way is doing, for "X is already about to ...". */
export const VERBS: Readonly<Record<string, string>> = {
  REVOKE_ACCESS: "revoke this access",
  RESTORE_ACCESS: "restore this access",
  FLAG_FOR_MANUAL_REMEDIATION: "flag this access for manual remediation",
  FLAG_FOR_MANUAL_RESTORATION: "flag this access for manual restoration",
  CLOSE_REVIEW: "close this review",
  RESTORE_ALL_ACCESS: "restore all access of this review",
  EXTEND: "extend this review",
  REVIEWERS: "change the reviewers",
  COMMENT: "comment on this review",
};

/** The item actions as the card's buttons name them. */
export const BUTTONS: Readonly<Record<SarAccessAction, string>> = {
  REVOKE_ACCESS: "Revoke",
  RESTORE_ACCESS: "Restore",
  FLAG_FOR_MANUAL_REMEDIATION: "Flag for manual remediation",
  FLAG_FOR_MANUAL_RESTORATION: "Flag for manual restoration",
};

export function personOf(resolved: ResolvedActor): PersonView {
  const p = resolved.user.profile;
  const name = [p.firstName, p.lastName].filter((x) => typeof x === "string" && x !== "").join(" ");
  return { oktaUserId: resolved.user.id, login: p.login, ...(name !== "" && { displayName: name }) };
}

export function recordActor(actor: Actor, person: PersonView): TriageActionActor {
  return {
    platform: actor.platform,
    tenantId: actor.tenantId,
    chatUserId: actor.userId,
    oktaUserId: person.oktaUserId as OktaUserId,
    login: person.login,
    ...(person.displayName !== undefined && { displayName: person.displayName }),
  };
}

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join("")}…`);

/** `Revoked Salesforce - sam@example.com via chat: <note>`, at most 1000 characters. */
export function attributionComment(action: ActionName, login: string, itemName: string | undefined, note: string | undefined): string {
  const what = itemName === undefined ? actionWord(action) : `${actionWord(action)} ${cut(itemName, 200)}`;
  return cut(`${what} - ${login} via chat${note !== undefined ? `: ${note}` : ""}`, MAX_COMMENT);
}

export function doneFromRecord(record: TriageActionRecord): TriageActionDone {
  const outcome = record.outcome ?? {};
  const itemName = typeof outcome.itemName === "string" ? outcome.itemName : undefined;
  return {
    sarId: record.sarId,
    ...(record.accessId !== null && { item: { id: record.accessId, name: itemName ?? record.accessId } }),
    action: record.action as ActionName,
    by: { oktaUserId: record.actor.oktaUserId, login: record.actor.login, ...(record.actor.displayName !== undefined && { displayName: record.actor.displayName }) },
    ...(record.note !== null && { note: record.note }),
    at: record.finishedAt ?? record.createdAt,
    comment: typeof outcome.comment === "string" ? outcome.comment : "",
  };
}

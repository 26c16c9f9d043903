/**
 * Status cards for a security access review and an access request (with
 * Refresh, Watch and Add message), and the paged list of requests.
 */
import type { PersonView, Reply, RequestView, SarView } from "../../../governance/replies.js";
import { labelledStats } from "../../sar-stat-labels.js";
import { ACTION_IDS } from "../surface.js";
import { actions, button, context, fields, fitsButtonValue, header, message, section, type Block, type ButtonElement, type SlackMessage } from "./blocks.js";
import { inline, safeUrl, slackDate } from "./mrkdwn.js";
import { peopleText, personText } from "./people.js";

type RequestList = Extract<Reply, { type: "request-list" }>;

/** Requests shown per message; the core pages, this only guards the block count. */
const MAX_LISTED = 40;

function statusActions(id: string, kind: "sar" | "request", url: string | undefined): Block {
  const buttons: ButtonElement[] = [
    button({ actionId: ACTION_IDS.refresh, text: "Refresh", value: id }),
    button({ actionId: ACTION_IDS.watch, text: "Watch", value: id }),
  ];
  if (kind === "request") buttons.push(button({ actionId: ACTION_IDS.addMessage, text: "Add message", value: id }));
  const okta = safeUrl(url);
  if (okta !== undefined) buttons.push(button({ actionId: ACTION_IDS.openLink, text: "Open in Okta", url: okta }));
  return actions(`status:${id}`.slice(0, 255), buttons);
}

/** A SAR's access counts under human labels ("Access items: *3* · Medium priority: *1*"), or undefined when there are none. */
export function statsText(stats: Record<string, number> | undefined): string | undefined {
  const entries = labelledStats(stats);
  if (entries.length === 0) return undefined;
  return entries
    .slice(0, 12)
    .map(([label, n]) => `${inline(label, 40)}: *${n}*`)
    .join(" · ");
}

/** A security access review's card. */
export function renderSarStatus(sar: SarView, options: { interactive?: boolean } = {}): SlackMessage {
  const pairs: [string, string][] = [
    ["Status", `*${inline(sar.status, 40)}*`],
    ["Review id", `\`${inline(sar.id, 40)}\``],
    ["User under review", personText(sar.principal)],
    ["Reviewers", peopleText(sar.reviewers)],
    ["Ends", slackDate(sar.endTime)],
  ];
  if (sar.created !== undefined) pairs.push(["Created", slackDate(sar.created)]);
  if (sar.launchReference !== undefined) pairs.push(["Launch reference", `\`${inline(sar.launchReference, 40)}\``]);
  const blocks: Block[] = [header("Security access review"), section(`*${inline(sar.name, 255)}*`), ...fields(pairs)];
  const stats = statsText(sar.stats);
  if (stats !== undefined) blocks.push(context(stats));
  if (options.interactive !== false) blocks.push(statusActions(sar.id, "sar", sar.url));
  return message(`Security access review ${inline(sar.name)}: ${inline(sar.status)}`, blocks);
}

function approvalsText(request: RequestView): string | undefined {
  if (request.approvals === undefined || request.approvals.length === 0) return undefined;
  return request.approvals
    .slice(0, 10)
    .map((a) => `${inline(a.status, 30)}${a.by ? ` by ${inline(a.by, 120)}` : ""}${a.at ? ` · ${slackDate(a.at)}` : ""}`)
    .join("\n");
}

function resourceText(resource: RequestView["resource"]): string {
  if (resource === undefined) return "—";
  const name = resource.name ?? resource.id ?? "unknown";
  return `${inline(name, 120)}${resource.type ? ` (${inline(resource.type, 40)})` : ""}`;
}

/** An access request's card. */
export function renderRequestStatus(request: RequestView, options: { interactive?: boolean } = {}): SlackMessage {
  const pairs: [string, string][] = [
    ["Status", `*${inline(request.status, 40)}*`],
    ["Request id", `\`${inline(request.id, 40)}\``],
    ["Requested for", personText(request.requestedFor)],
    ["Requested by", personText(request.requestedBy)],
    ["Resource", resourceText(request.resource)],
    ["Created", slackDate(request.created)],
  ];
  if (request.grantStatus !== undefined) pairs.splice(1, 0, ["Grant status", inline(request.grantStatus, 40)]);
  if (request.lastUpdated !== undefined) pairs.push(["Last updated", slackDate(request.lastUpdated)]);
  const blocks: Block[] = [header("Access request"), ...fields(pairs)];
  const approvals = approvalsText(request);
  if (approvals !== undefined) blocks.push(section(`*Decisions*\n${approvals}`));
  if (options.interactive !== false) blocks.push(statusActions(request.id, "request", request.url));
  return message(`Access request ${inline(request.id)}: ${inline(request.status)}`, blocks);
}

/** What the "Next page" button carries: the cursor and the filter it belongs to. */
export interface RequestPageToken {
  cursor: string;
  status?: string;
  /** Okta user id of the person the list is for. */
  userId?: string;
}

export function encodeRequestPage(token: RequestPageToken): string {
  return JSON.stringify({ c: token.cursor, ...(token.status && { s: token.status }), ...(token.userId && { u: token.userId }) });
}

/** The page token a "Next page" click carries, or null when it is not one of ours. */
export function decodeRequestPage(value: unknown): RequestPageToken | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { c, s, u } = parsed as Record<string, unknown>;
  if (typeof c !== "string" || c === "") return null;
  if (s !== undefined && typeof s !== "string") return null;
  if (u !== undefined && typeof u !== "string") return null;
  return { cursor: c, ...(s !== undefined && { status: s }), ...(u !== undefined && { userId: u }) };
}

function filterText(filter: { status?: string; user?: PersonView }): string {
  const parts = [filter.status ? `status *${inline(filter.status, 30)}*` : "", filter.user ? `for ${personText(filter.user)}` : ""].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function requestLine(request: RequestView): string {
  const who = request.requestedFor ? ` · for ${personText(request.requestedFor)}` : "";
  const what = request.resource ? ` · ${resourceText(request.resource)}` : "";
  return `\`${inline(request.id, 40)}\` *${inline(request.status, 30)}*${who}${what} · ${slackDate(request.created)}`;
}

/** One page of access requests, newest first, with "Next page" when Okta has more. */
export function renderRequestList(reply: RequestList): SlackMessage {
  const blocks: Block[] = [header("Access requests"), context(`Newest first${filterText(reply.filter)}`)];
  if (reply.items.length === 0) blocks.push(section("No access requests match."));
  for (const request of reply.items.slice(0, MAX_LISTED)) blocks.push(section(requestLine(request)));
  if (reply.items.length > MAX_LISTED) blocks.push(context(`${reply.items.length - MAX_LISTED} more on this page are not shown.`));
  if (reply.nextCursor !== undefined) {
    const value = encodeRequestPage({
      cursor: reply.nextCursor,
      ...(reply.filter.status !== undefined && { status: reply.filter.status }),
      ...(reply.filter.user !== undefined && { userId: reply.filter.user.oktaUserId }),
    });
    if (fitsButtonValue(value)) blocks.push(actions("requests:paging", [button({ actionId: ACTION_IDS.requestsNextPage, text: "Next page", value })]));
    else blocks.push(context("More requests exist; narrow the list with a status or a user."));
  }
  return message(`${reply.items.length} access request${reply.items.length === 1 ? "" : "s"}${filterText(reply.filter)}`, blocks);
}

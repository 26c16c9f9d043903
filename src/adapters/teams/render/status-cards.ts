/**
 * Cards for Okta objects: a SAR, an access request, a page of requests.
 * Each status card has Refresh and Watch buttons; a request's also has
 * Add message (a text input that posts a request message).
 */
import type { PersonView, RequestView, SarView } from "../../../governance/replies.js";
import { STATUS_VERBS } from "../verbs.js";
import { labelledStats } from "../../sar-stat-labels.js";
import { card, column, container, execute, facts, header, note, openUrl, plain, showCard, textInput, when, type AdaptiveCard, type CardAction, type CardElement } from "./card-kit.js";
import { personLabel } from "./launch-card.js";
import { escapeMarkdown, lines } from "./plain-text.js";

function someone(person: PersonView | { id: string } | undefined): string {
  if (person === undefined) return "-";
  return "login" in person ? personLabel(person) : person.id;
}

function resourceLabel(resource: RequestView["resource"]): string {
  if (!resource) return "-";
  return resource.name ?? resource.id ?? resource.type ?? "-";
}

export function sarText(sar: SarView): string {
  return lines(
    `Security access review ${sar.id}: ${sar.status}`,
    `Name: ${sar.name}`,
    sar.principal ? `User: ${personLabel(sar.principal)}` : undefined,
    sar.url ? `Open: ${sar.url}` : undefined,
  );
}

/** The state's colour: what needs people now is a warning, what is over is plain. */
export function statusTone(status: string): "Good" | "Warning" | "Attention" | "Accent" {
  if (/^(ACTIVE|APPROVED|FULFILLED|GRANTED)$/.test(status)) return "Good";
  if (/^(PENDING|IN_PROGRESS|PENDING_FULFILLMENT)$/.test(status)) return "Warning";
  if (/^(ERROR|FAILED|DENIED|REJECTED|CANCELED|CANCELLED|EXPIRED)$/.test(status)) return "Attention";
  return "Accent";
}

/** The review's fields and, once Okta has counted them, its access items by priority. */
export function sarFacts(sar: SarView): CardElement[] {
  const fields = facts([
    ["Review", sar.id],
    ["Status", sar.status],
    ["Name", sar.name],
    sar.principal && ["User", personLabel(sar.principal)],
    sar.reviewers && sar.reviewers.length > 0 && ["Reviewers", sar.reviewers.map(personLabel).join(", ")],
    sar.created !== undefined && ["Created", when(sar.created)],
    ["Ends", when(sar.endTime)],
    sar.launchReference !== undefined && ["Launch", sar.launchReference],
  ]);
  const stats = labelledStats(sar.stats).slice(0, 12);
  if (stats.length === 0) return [fields];
  return [fields, container([facts(stats.map(([label, count]) => [label, String(count)]))], { separator: true })];
}

function statusButtons(id: string, url: string | undefined): (CardAction | undefined)[] {
  return [execute("Refresh", STATUS_VERBS.refresh, { id }), execute("Watch", STATUS_VERBS.watch, { id }), url ? openUrl("Open in Okta", url) : undefined];
}

export function sarCard(sar: SarView, options: { title?: string; buttons?: boolean } = {}): AdaptiveCard {
  return card([header(options.title ?? "Security access review", { text: sar.status, tone: statusTone(sar.status) }), ...sarFacts(sar)], {
    actions: options.buttons === false ? [] : statusButtons(sar.id, sar.url),
    fallbackText: escapeMarkdown(sarText(sar)),
  });
}

export function requestText(request: RequestView): string {
  return lines(
    `Access request ${request.id}: ${request.status}${request.grantStatus ? ` (grant ${request.grantStatus})` : ""}`,
    `For: ${someone(request.requestedFor)}`,
    `Resource: ${resourceLabel(request.resource)}`,
  );
}

export function requestFacts(request: RequestView): CardElement[] {
  return [
    facts([
      ["Request", request.id],
      ["Status", request.status],
      request.grantStatus !== undefined && ["Grant", request.grantStatus],
      ["Requested for", someone(request.requestedFor)],
      request.requestedBy !== undefined && ["Requested by", someone(request.requestedBy)],
      ["Resource", resourceLabel(request.resource)],
      ["Created", when(request.created)],
      request.lastUpdated !== undefined && ["Updated", when(request.lastUpdated)],
      ...(request.approvals ?? []).map((a) => ["Approval", [a.status, a.by, a.at ? when(a.at) : undefined].filter(Boolean).join(", ")] as const),
    ]),
  ];
}

export function requestCard(request: RequestView, options: { title?: string; buttons?: boolean } = {}): AdaptiveCard {
  const addMessage = showCard("Add message", {
    body: [textInput({ id: "messageText", label: "Message to post on the request", multiline: true, maxLength: 5000, required: true })],
    actions: [execute("Post message", STATUS_VERBS.message, { requestId: request.id })],
  });
  return card([header(options.title ?? "Access request", { text: request.status, tone: statusTone(request.status) }), ...requestFacts(request)], {
    actions: options.buttons === false ? [] : [...statusButtons(request.id, request.url), addMessage],
    fallbackText: escapeMarkdown(requestText(request)),
  });
}

export interface RequestListPaging {
  status?: string;
  user?: PersonView;
  nextCursor?: string;
}

/** One page of requests; "More" asks for the next page with the same filter. */
export function requestListCard(items: RequestView[], paging: RequestListPaging): AdaptiveCard {
  const filter = [paging.status, paging.user ? `for ${personLabel(paging.user)}` : undefined].filter(Boolean).join(" ");
  const body: CardElement[] = [header(`Access requests${filter ? "" : ", newest first"}`, { text: String(items.length) })];
  if (filter) body.push(plain(`Filter: ${filter}`, { subtle: true }));
  if (items.length === 0) body.push(note("No access requests match."));
  // One row per request: what it is on the left, its state on the right, as Teams lists items.
  items.forEach((item, i) => {
    const what = column("stretch", [plain(item.id, { bold: true }), plain(`for ${someone(item.requestedFor)}, ${resourceLabel(item.resource)}, ${when(item.created)}`, { subtle: true })]);
    const state = column("auto", [plain(`${item.status}${item.grantStatus ? ` / ${item.grantStatus}` : ""}`, { bold: true, color: statusTone(item.status) })]);
    body.push({ type: "ColumnSet", columns: [what, state], ...(i > 0 && { separator: true }) });
  });
  const more = paging.nextCursor
    ? execute("More", STATUS_VERBS.more, {
        cursor: paging.nextCursor,
        ...(paging.status && { status: paging.status }),
        ...(paging.user && { userOktaId: paging.user.oktaUserId }),
      })
    : undefined;
  return card(body, {
    actions: [more],
    fallbackText: escapeMarkdown(lines(`Access requests (${items.length})`, ...items.map((i) => `${i.id} ${i.status}`))),
  });
}

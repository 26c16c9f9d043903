/**
 * Cards for Okta objects: a SAR, an access request, a page of requests.
 * Each status card has Refresh and Watch buttons; a request's also has
 * Add message (a text input that posts a request message).
 */
import type { PersonView, RequestView, SarView } from "../../../governance/replies.js";
import { STATUS_VERBS } from "../verbs.js";
import { card, container, execute, fact, heading, note, openUrl, plain, showCard, textInput, when, type AdaptiveCard, type CardAction, type CardElement } from "./card-kit.js";
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

export function sarFacts(sar: SarView): CardElement[] {
  const stats = Object.entries(sar.stats ?? {});
  return [
    fact("Review", sar.id),
    fact("Status", sar.status),
    fact("Name", sar.name),
    ...(sar.principal ? [fact("User", personLabel(sar.principal))] : []),
    ...(sar.reviewers && sar.reviewers.length > 0 ? [fact("Reviewers", sar.reviewers.map(personLabel).join(", "))] : []),
    ...(sar.created ? [fact("Created", when(sar.created))] : []),
    fact("Ends", when(sar.endTime)),
    ...(sar.launchReference ? [fact("Launch", sar.launchReference)] : []),
    ...stats.map(([name, count]) => fact(name, String(count))),
  ];
}

function statusButtons(id: string, url: string | undefined): (CardAction | undefined)[] {
  return [execute("Refresh", STATUS_VERBS.refresh, { id }), execute("Watch", STATUS_VERBS.watch, { id }), url ? openUrl("Open in Okta", url) : undefined];
}

export function sarCard(sar: SarView, options: { title?: string; buttons?: boolean } = {}): AdaptiveCard {
  return card([heading(options.title ?? "Security access review"), container(sarFacts(sar))], {
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
    fact("Request", request.id),
    fact("Status", request.status),
    ...(request.grantStatus ? [fact("Grant", request.grantStatus)] : []),
    fact("Requested for", someone(request.requestedFor)),
    ...(request.requestedBy ? [fact("Requested by", someone(request.requestedBy))] : []),
    fact("Resource", resourceLabel(request.resource)),
    fact("Created", when(request.created)),
    ...(request.lastUpdated ? [fact("Updated", when(request.lastUpdated))] : []),
    ...(request.approvals ?? []).map((a) => fact("Approval", [a.status, a.by, a.at ? when(a.at) : undefined].filter(Boolean).join(", "))),
  ];
}

export function requestCard(request: RequestView, options: { title?: string; buttons?: boolean } = {}): AdaptiveCard {
  const addMessage = showCard("Add message", {
    body: [textInput({ id: "messageText", label: "Message to post on the request", multiline: true, maxLength: 5000, required: true })],
    actions: [execute("Post message", STATUS_VERBS.message, { requestId: request.id })],
  });
  return card([heading(options.title ?? "Access request"), container(requestFacts(request))], {
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
  const body: CardElement[] = [heading(`Access requests${filter ? "" : ", newest first"}`)];
  if (filter) body.push(plain(`Filter: ${filter}`, { subtle: true }));
  if (items.length === 0) body.push(note("No access requests match."));
  items.forEach((item, i) => {
    body.push(
      container(
        [plain(`${item.id}  ${item.status}${item.grantStatus ? ` / ${item.grantStatus}` : ""}`, { bold: true }), plain(`for ${someone(item.requestedFor)}, ${resourceLabel(item.resource)}, ${when(item.created)}`, { subtle: true })],
        { separator: i > 0 },
      ),
    );
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

/**
 * Reading what the bot sent, as JSON: the Adaptive Card in an activity or
 * an invoke answer, the texts on a card (and which of them a client would
 * read as markdown), its buttons and its inputs. Everything is walked
 * from `unknown`; a shape the bot should not produce fails loudly.
 */
import type { WireActivity } from "../../../../src/fakes/bot-connector.js";

export const CARD_TYPE = "application/vnd.microsoft.card.adaptive";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

function children(node: Node): unknown[] {
  const out: unknown[] = [];
  for (const key of ["body", "items", "columns", "inlines", "actions", "card", "fallback"]) {
    const v = node[key];
    if (Array.isArray(v)) out.push(...(v as unknown[]));
    else if (isNode(v)) out.push(v);
  }
  if (isNode(node.refresh) && isNode(node.refresh.action)) out.push(node.refresh.action);
  return out;
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (!isNode(node)) return;
  visit(node);
  for (const child of children(node)) walk(child, visit);
}

/** The Adaptive Card in a posted activity. */
export function cardOf(activity: WireActivity | undefined): Node {
  const card = activity?.attachments?.find((a) => a.contentType === CARD_TYPE)?.content;
  if (!isNode(card)) throw new Error(`the activity carries no Adaptive Card: ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** Texts a client may render as markdown (TextBlock, Fact values). */
export function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (n.type === "FactSet" && Array.isArray(n.facts)) for (const f of n.facts as Node[]) if (typeof f.value === "string") out.push(f.value);
  });
  return out;
}

/** A fact value as the renderer shows it: the bot escapes markdown and HTML there, the reader sees the text. */
function shownFactValue(value: string): string {
  return value.replace(/\\(.)/g, "$1").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Every line of text shown on the card (markdown-capable or not), in order; a RichTextBlock's runs make one line, a fact "Title: value". */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (n.type === "FactSet" && Array.isArray(n.facts)) {
      for (const f of n.facts as unknown[]) if (isNode(f)) out.push(`${String(f.title)}: ${shownFactValue(String(f.value))}`);
    }
    if (n.type === "RichTextBlock" && Array.isArray(n.inlines)) {
      out.push((n.inlines as unknown[]).map((run) => (typeof run === "string" ? run : isNode(run) && typeof run.text === "string" ? run.text : "")).join(""));
    }
  });
  return out;
}

/** All texts joined, for `toContain` checks. */
export function allText(card: unknown): string {
  return textsOf(card).join("\n");
}

export interface CardButton {
  type: string;
  title: string;
  verb?: string;
  data: Node;
}

/** Every button on the card, body ActionSets and ShowCard sub-cards included (not the refresh action). */
export function buttonsOf(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  const visitActions = (node: unknown) => {
    if (!isNode(node)) return;
    // Buttons inside the body (ActionSets) come first, then the card's own actions.
    for (const key of ["body", "items", "columns"]) {
      for (const child of Array.isArray(node[key]) ? (node[key] as unknown[]) : []) if (isNode(child)) visitActions(child);
    }
    for (const a of Array.isArray(node.actions) ? (node.actions as unknown[]) : []) {
      if (!isNode(a)) continue;
      out.push({ type: String(a.type), title: String(a.title), ...(typeof a.verb === "string" && { verb: a.verb }), data: isNode(a.data) ? a.data : {} });
      if (isNode(a.card)) visitActions(a.card);
    }
  };
  visitActions(card);
  return out;
}

/** The button titled `title`; throws naming the buttons there are. */
export function button(card: unknown, title: string): CardButton {
  const found = buttonsOf(card).find((b) => b.title === title);
  if (!found) throw new Error(`no button "${title}" on the card; it has: ${buttonsOf(card).map((b) => b.title).join(", ") || "none"}`);
  return found;
}

/** Input ids with their prefilled values. */
export function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walk(card, (n) => {
    if (typeof n.type === "string" && n.type.startsWith("Input.") && typeof n.id === "string") out[n.id] = n.value;
  });
  return out;
}

/** The card's refresh, if any. */
export function refreshOf(card: unknown): { verb?: string; data: Node; userIds?: string[] } | undefined {
  if (!isNode(card) || !isNode(card.refresh)) return undefined;
  const action = isNode(card.refresh.action) ? card.refresh.action : {};
  return {
    ...(typeof action.verb === "string" && { verb: action.verb }),
    data: isNode(action.data) ? action.data : {},
    ...(Array.isArray(card.refresh.userIds) && { userIds: card.refresh.userIds as string[] }),
  };
}

/** An `adaptiveCard/action` answer's card (throws when the answer is something else). */
export function invokeCard(body: unknown): Node {
  if (!isNode(body) || body.type !== CARD_TYPE || !isNode(body.value)) throw new Error(`expected a card answer, got ${JSON.stringify(body).slice(0, 400)}`);
  return body.value;
}

/** An `adaptiveCard/action` answer's message text (throws when the answer is something else). */
export function invokeMessage(body: unknown): string {
  if (!isNode(body) || body.type !== "application/vnd.microsoft.activity.message" || typeof body.value !== "string") {
    throw new Error(`expected a message answer, got ${JSON.stringify(body).slice(0, 400)}`);
  }
  return body.value;
}

/** A task module answer: its form card, or its message. */
export function taskOf(body: unknown): { card?: Node; message?: string } {
  const task = isNode(body) && isNode(body.task) ? body.task : undefined;
  if (!task) throw new Error(`expected a task module answer, got ${JSON.stringify(body).slice(0, 400)}`);
  if (task.type === "message" && typeof task.value === "string") return { message: task.value };
  const value = isNode(task.value) ? task.value : {};
  const card = isNode(value.card) && isNode(value.card.content) ? value.card.content : undefined;
  if (task.type !== "continue" || !card) throw new Error(`unexpected task answer ${JSON.stringify(task).slice(0, 400)}`);
  return { card };
}

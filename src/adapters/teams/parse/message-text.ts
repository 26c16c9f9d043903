/**
 * A Teams message's text as the bot reads it: the bot's own @mention
 * removed, other @mentions (from `entities[type=mention]`) turned into
 * placeholders that cannot be typed, formatting tags dropped and HTML
 * entities decoded. The result is plain text; renderers escape it again.
 */

export interface Mention {
  /** The Teams user id (`29:...`) as the mention entity gives it. */
  id: string;
  name: string;
}

export interface MessageText {
  /** Plain text; each other-user mention is a placeholder word (`mentionAt`). */
  text: string;
  mentions: Mention[];
}

/** Longest message text read; Teams allows ~28 KB, commands never need more than this. */
const MAX_TEXT = 12_000;
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /^\uE000(\d{1,3})\uE001$/;

const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** HTML entities decoded (named ones Teams uses, and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Text with formatting tags removed and entities decoded (Teams sends message text as light HTML). */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<\s*(br|\/p|\/div)\s*\/?>/gi, "\n");
  return decodeEntities(withBreaks.replace(/<[^<>]{0,500}>/g, "")).replace(/[ \t]+/g, " ").trim();
}

function mentionEntities(entities: unknown): { text: string; mention: Mention }[] {
  if (!Array.isArray(entities)) return [];
  const found: { text: string; mention: Mention }[] = [];
  for (const entity of entities.slice(0, 50)) {
    if (typeof entity !== "object" || entity === null) continue;
    const e = entity as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } | null };
    if (e.type !== "mention" || typeof e.text !== "string" || e.text.length === 0 || e.text.length > 300) continue;
    const id = e.mentioned?.id;
    if (typeof id !== "string" || id.length === 0 || id.length > 200) continue;
    const name = typeof e.mentioned?.name === "string" ? e.mentioned.name.slice(0, 200) : id;
    found.push({ text: e.text, mention: { id, name } });
  }
  return found;
}

/** Reads a message's text; `botId` is the bot's own id (`recipient.id`), whose mentions are removed. */
export function readMessageText(input: { text: unknown; entities: unknown; botId: string | undefined }): MessageText {
  let text = typeof input.text === "string" ? input.text.slice(0, MAX_TEXT) : "";
  text = text.replace(/[\uE000\uE001]/g, "");
  const mentions: Mention[] = [];
  for (const { text: mentionText, mention } of mentionEntities(input.entities)) {
    if (input.botId !== undefined && mention.id === input.botId) {
      text = text.split(mentionText).join(" ");
      continue;
    }
    const at = text.indexOf(mentionText);
    if (at < 0) continue;
    text = `${text.slice(0, at)} ${OPEN}${mentions.length}${CLOSE} ${text.slice(at + mentionText.length)}`;
    mentions.push(mention);
  }
  return { text: htmlToText(text), mentions };
}

/** The mention a word stands for, if it is a placeholder. */
export function mentionAt(word: string, message: MessageText): Mention | undefined {
  const match = PLACEHOLDER.exec(word);
  return match ? message.mentions[Number(match[1])] : undefined;
}

/** Text with placeholders shown as `@name` again (for reasons and messages). */
export function showMentions(text: string, message: MessageText): string {
  return text.replace(/\uE000(\d{1,3})\uE001/g, (whole, index: string) => {
    const mention = message.mentions[Number(index)];
    return mention ? `@${mention.name}` : "";
  });
}

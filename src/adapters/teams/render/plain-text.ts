/**
 * Plain-text fallbacks (a card's `fallbackText`, a message's `summary`).
 * Some clients read fallback text as markdown, so every character markdown
 * or Teams' HTML subset gives meaning to is escaped: user text such as
 * `[click](https://evil)` or `<at>everyone</at>` stays literal.
 */

const SPECIAL = /[\\`*_{}[\]()#+\-.!|~<>&]/g;

/** `text` with markdown and HTML metacharacters backslash-escaped or entity-encoded. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (ch) => {
    if (ch === "<") return "&lt;";
    if (ch === ">") return "&gt;";
    if (ch === "&") return "&amp;";
    return `\\${ch}`;
  });
}

/** Control characters (other than newline and tab) replaced by spaces, so user text cannot forge layout. */
export function withoutControls(text: string): string {
  return [...text].map((ch) => (ch !== "\n" && ch !== "\t" && (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ? " " : ch)).join("");
}

/** Lines joined into one fallback text. */
export function lines(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p !== "").join("\n");
}

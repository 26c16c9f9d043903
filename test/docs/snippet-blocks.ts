/**
 * The shell snippets of README.md and docs/*.md, as the snippet test reads
 * them: every fenced block in sh/bash/shell/zsh/console, with the marker
 * on the line before it, if any. `<!-- snippet: skip (reason) -->` means
 * "not runnable offline" (the reason is required);
 * `<!-- snippet: with-bot (reason) -->` means "run while the bot that
 * `npm start` started is up". Commands are the block's lines joined at
 * trailing backslashes, without blank and comment-only lines.
 */

export type SnippetMode = "run" | "skip" | "with-bot";

export interface Snippet {
  /** `README.md:42`: the file and line of the opening fence. */
  where: string;
  mode: SnippetMode;
  /** For skip and with-bot: the reason in the marker. */
  reason?: string;
  commands: string[];
  /** A marker that could not be read (the test reports it). */
  problem?: string;
}

const SHELL_LANGUAGES = new Set(["sh", "bash", "shell", "zsh", "console"]);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*$/;
const MARKER = /^<!--\s*snippet:\s*(\S+)\s*(?:\((.+)\))?\s*-->$/;

function commandsOf(lines: string[]): string[] {
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length));
  const joined: string[] = [];
  let pending = "";
  for (const raw of lines) {
    const line = raw.slice(Number.isFinite(indent) ? indent : 0);
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    joined.push(pending + line);
    pending = "";
  }
  if (pending !== "") joined.push(pending);
  return joined.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

function markerOf(previous: string | undefined): Pick<Snippet, "mode" | "reason" | "problem"> {
  const line = previous?.trim() ?? "";
  if (!line.startsWith("<!--") || !line.includes("snippet")) return { mode: "run" };
  const match = MARKER.exec(line);
  const kind = match?.[1];
  const reason = match?.[2]?.trim();
  if (match === null || (kind !== "skip" && kind !== "with-bot")) {
    return { mode: "run", problem: `cannot read the marker ${line} (use <!-- snippet: skip (why) --> or <!-- snippet: with-bot (why) -->)` };
  }
  if (reason === undefined || reason === "") return { mode: kind, problem: `the marker ${line} gives no reason in parentheses` };
  return { mode: kind, reason };
}

/** The shell blocks of one Markdown file. */
export function snippetsOf(file: string, markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[2]!;
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== fence) end++;
    const language = open[3]!.toLowerCase();
    if (SHELL_LANGUAGES.has(language)) {
      let before = i - 1;
      while (before >= 0 && lines[before]!.trim() === "") before--;
      snippets.push({ where: `${file}:${i + 1}`, commands: commandsOf(lines.slice(i + 1, end)), ...markerOf(before >= 0 ? lines[before] : undefined) });
    }
    i = end;
  }
  return snippets;
}

/**
 * A thin reader over a parsed YAML document that remembers where each value
 * came from, so every validation problem names `source:line:column`.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type { PolicyIssue } from "./policy-error.js";

/** A key of a YAML map with its value; `at` is where to point when the value is missing. */
export interface Entry {
  readonly key: string;
  readonly keyNode: YamlNode;
  readonly value: YamlNode | undefined;
  readonly at: YamlNode;
  readonly path: string;
}

/** A string item of a list, with its node for error positions. */
export interface Item {
  readonly value: string;
  readonly node: YamlNode;
}

/** `permissions."sar.launch"`: dotted, quoting segments that are not plain names. */
export function joinPath(parent: string, key: string): string {
  const segment = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return parent === "" ? segment : `${parent}.${segment}`;
}

/** The candidate at edit distance <= 2 from `word`. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** ` (did you mean "x"?)` when a candidate is close to `word`, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function kindOf(node: YamlNode | undefined): string {
  if (node === undefined) return "empty";
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return "empty";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") return `the number ${String(v)}`;
    if (typeof v === "string") return JSON.stringify(v);
  }
  return "an unsupported YAML value";
}

export class YamlReader {
  readonly errors: PolicyIssue[] = [];
  readonly warnings: PolicyIssue[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;
  /** The document's top node, or undefined for an empty document. */
  readonly root: YamlNode | undefined;

  constructor(
    text: string,
    private readonly source: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    // Unresolved tags and the like are warnings to the YAML library, but a
    // security policy should mean exactly what it says, so they are errors here.
    for (const problem of [...this.doc.errors, ...this.doc.warnings]) {
      this.errors.push(this.issueAt(problem.pos[0], problem.message.split("\n")[0]!));
    }
    this.root = this.resolve(this.doc.contents);
  }

  /** Records a problem that makes the policy unusable. */
  error(at: YamlNode | undefined, reason: string): void {
    this.errors.push(this.issueAt(at?.range?.[0] ?? 0, reason));
  }

  /** Records something that parses but looks unintended. */
  warn(at: YamlNode | undefined, reason: string): void {
    this.warnings.push(this.issueAt(at?.range?.[0] ?? 0, reason));
  }

  /** The entries of a map, or undefined (with an error) when `node` is not one. */
  map(node: YamlNode | undefined, at: YamlNode | undefined, path: string): Entry[] | undefined {
    if (!isMap(node)) {
      this.error(node ?? at, `${path || "the policy"} must be a map of keys to values, not ${kindOf(node)}`);
      return undefined;
    }
    const entries: Entry[] = [];
    for (const pair of node.items) {
      const keyNode = this.resolve(pair.key);
      if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
        this.error(keyNode ?? node, `keys under ${path || "the top level"} must be plain names`);
        continue;
      }
      const value = this.resolve(pair.value);
      const key = keyNode.value;
      entries.push({ key, keyNode, value, at: value ?? keyNode, path: joinPath(path, key) });
    }
    return entries;
  }

  /** Reports every key not in `allowed`, with a "did you mean" where one is close. */
  onlyKeys(entries: readonly Entry[], allowed: readonly string[], where: string): void {
    for (const entry of entries) {
      if (allowed.includes(entry.key)) continue;
      const hint = didYouMean(entry.key, allowed);
      this.error(entry.keyNode, `unknown key "${entry.key}" ${where}${hint}; expected one of: ${allowed.join(", ")}`);
    }
  }

  /** A non-empty, trimmed string at most `maxLength` long. */
  text(entry: Entry, maxLength: number): string | undefined {
    const v = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof v !== "string" || v.trim() === "") {
      this.error(entry.at, `${entry.path} must be non-empty text, not ${kindOf(entry.value)}`);
      return undefined;
    }
    if (v.trim().length > maxLength) {
      this.error(entry.at, `${entry.path} must be at most ${maxLength} characters, not ${v.trim().length}`);
      return undefined;
    }
    return v.trim();
  }

  /** A YAML boolean; `yes`/`no` are text in YAML 1.2 and rejected. */
  boolean(entry: Entry): boolean | undefined {
    const v = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof v === "boolean") return v;
    this.error(entry.at, `${entry.path} must be true or false, not ${kindOf(entry.value)}`);
    return undefined;
  }

  /** A whole number within [min, max]. */
  integer(entry: Entry, min: number, max: number): number | undefined {
    const v = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.error(entry.at, `${entry.path} must be a whole number, not ${kindOf(entry.value)}`);
      return undefined;
    }
    if (v < min || v > max) {
      this.error(entry.at, `${entry.path} must be between ${min} and ${max}, not ${v}`);
      return undefined;
    }
    return v;
  }

  /** A list of non-empty strings; a single string is not accepted, so `[a]` and `a` never get confused. */
  stringList(entry: Entry, what: string): Item[] | undefined {
    if (!isSeq(entry.value)) {
      this.error(entry.at, `${entry.path} must be a list of ${what} (e.g. ["..."]), not ${kindOf(entry.value)}`);
      return undefined;
    }
    const items: Item[] = [];
    let ok = true;
    for (const raw of entry.value.items) {
      const node = this.resolve(raw);
      const v = isScalar(node) ? node.value : undefined;
      if (typeof v !== "string" || v.trim() === "") {
        this.error(node ?? entry.value, `${entry.path} must list ${what}; ${kindOf(node)} is not one`);
        ok = false;
        continue;
      }
      items.push({ value: v.trim(), node: node as YamlNode });
    }
    return ok ? items : undefined;
  }

  private resolve(node: unknown): YamlNode | undefined {
    const resolved = isAlias(node) ? node.resolve(this.doc) : node;
    if (resolved === null || resolved === undefined) return undefined;
    return isMap(resolved) || isSeq(resolved) || isScalar(resolved) ? resolved : undefined;
  }

  private issueAt(offset: number, reason: string): PolicyIssue {
    const { line, col } = this.lines.linePos(offset);
    return { source: this.source, line: Math.max(line, 1), column: Math.max(col, 1), reason };
  }
}

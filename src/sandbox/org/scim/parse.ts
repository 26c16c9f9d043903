/**
 * Recursive-descent parser for SCIM filters into an AST. Precedence, from
 * loosest to tightest: `or`, `and`, `not`, then comparisons and parentheses.
 * Operators and logical keywords are case-insensitive; attribute names are
 * kept as written (Okta treats them as case-sensitive).
 *
 *   filter     := or
 *   or         := and ("or" and)*
 *   and        := unary ("and" unary)*
 *   unary      := "not" unary | "(" or ")" | comparison
 *   comparison := ATTR "pr" | ATTR OP value
 *   value      := STRING | "true" | "false" | "null" | NUMBER
 */
import { ScimFilterError, tokenize } from "./tokenize.js";
import type { Token } from "./tokenize.js";

export const compareOperators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOperator = (typeof compareOperators)[number];
/** Every attribute operator, `pr` (present) included. */
export type AttributeOperator = CompareOperator | "pr";

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode }
  | { kind: "present"; attribute: string }
  | { kind: "compare"; attribute: string; op: CompareOperator; value: FilterValue };

/** Deeper nesting is refused so a hostile filter cannot exhaust the stack. */
export const MAX_FILTER_DEPTH = 32;

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_$-]*(?:[.:][A-Za-z0-9_$-]+)*$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Parses a SCIM filter; throws `ScimFilterError` with the position of the first problem. */
export function parseFilter(source: string): FilterNode {
  const parser = new Parser(tokenize(source));
  if (parser.atEnd()) throw new ScimFilterError("The filter is empty");
  const node = parser.parseOr(0);
  const extra = parser.peek();
  if (extra) throw new ScimFilterError(`Unexpected ${describe(extra)} at position ${extra.pos}`);
  return node;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  parseOr(depth: number): FilterNode {
    let left = this.parseAnd(depth);
    while (this.keyword("or")) left = { kind: "or", left, right: this.parseAnd(depth) };
    return left;
  }

  private parseAnd(depth: number): FilterNode {
    let left = this.parseUnary(depth);
    while (this.keyword("and")) left = { kind: "and", left, right: this.parseUnary(depth) };
    return left;
  }

  private parseUnary(depth: number): FilterNode {
    if (depth > MAX_FILTER_DEPTH) throw new ScimFilterError("The filter is nested too deeply");
    if (this.keyword("not")) return { kind: "not", operand: this.parseUnary(depth + 1) };
    const token = this.next("an attribute, 'not' or '('");
    if (token.kind === "lparen") {
      const inner = this.parseOr(depth + 1);
      const close = this.next("')'");
      if (close.kind !== "rparen") throw unexpected(close, "')'");
      return inner;
    }
    if (token.kind !== "word" || !ATTRIBUTE.test(token.value) || isKeyword(token.value)) {
      throw unexpected(token, "an attribute name");
    }
    return this.parseComparison(token.value);
  }

  private parseComparison(attribute: string): FilterNode {
    const opToken = this.next(`an operator after '${attribute}'`);
    const op = opToken.kind === "word" ? opToken.value.toLowerCase() : "";
    if (op === "pr") return { kind: "present", attribute };
    if (!isCompareOperator(op)) {
      throw new ScimFilterError(
        `Unknown operator ${opToken.kind === "word" ? `'${opToken.value}'` : describe(opToken)} at position ${opToken.pos}`,
      );
    }
    return { kind: "compare", attribute, op, value: this.parseValue(attribute) };
  }

  private parseValue(attribute: string): FilterValue {
    const token = this.next(`a value for '${attribute}'`);
    if (token.kind === "string") return token.value;
    if (token.kind === "word") {
      const lower = token.value.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      if (lower === "null") return null;
      if (NUMBER.test(token.value)) return Number(token.value);
      throw new ScimFilterError(
        `The value for '${attribute}' at position ${token.pos} must be a quoted string, a number, true, false or null`,
      );
    }
    throw unexpected(token, `a value for '${attribute}'`);
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "word" && token.value.toLowerCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new ScimFilterError(`The filter ends where ${expected} was expected`);
    this.index++;
    return token;
  }
}

function isCompareOperator(op: string): op is CompareOperator {
  return (compareOperators as readonly string[]).includes(op);
}

function isKeyword(word: string): boolean {
  return ["and", "or", "not"].includes(word.toLowerCase());
}

function describe(token: Token): string {
  switch (token.kind) {
    case "lparen":
      return "'('";
    case "rparen":
      return "')'";
    case "string":
      return "a quoted value";
    case "word":
      return `'${token.value}'`;
  }
}

function unexpected(token: Token, expected: string): ScimFilterError {
  return new ScimFilterError(`Expected ${expected} at position ${token.pos}, found ${describe(token)}`);
}

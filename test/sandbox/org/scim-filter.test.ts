import { describe, expect, it } from "vitest";
import { compileFilter } from "../../../src/sandbox/org/scim/evaluate.js";
import type { FilterSchema } from "../../../src/sandbox/org/scim/evaluate.js";
import { MAX_FILTER_DEPTH, parseFilter } from "../../../src/sandbox/org/scim/parse.js";
import { ScimFilterError, tokenize } from "../../../src/sandbox/org/scim/tokenize.js";

interface Row {
  name: string;
  status: string;
  created: string;
  tags?: string[];
  score?: number;
}

const rows: Row[] = [
  { name: "Alice", status: "ACTIVE", created: "2025-01-01T00:00:00Z", tags: ["red", "blue"], score: 3 },
  { name: "Bob", status: "SUSPENDED", created: "2025-02-01T00:00:00Z", tags: [] },
  { name: 'x" or status eq "ACTIVE', status: "STAGED", created: "2025-03-01T00:00:00Z" },
  { name: "back\\slash", status: "STAGED", created: "2025-04-01T00:00:00Z", score: 7 },
];

const schema: FilterSchema<Row> = {
  allowNot: true,
  attribute(name) {
    switch (name) {
      case "name":
        return { type: "string", operators: ["eq", "ne", "co", "sw", "ew", "pr"], get: (r) => r.name };
      case "nameCi":
        return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: (r) => r.name };
      case "status":
        return { type: "string", operators: ["eq", "ne"], enum: ["ACTIVE", "SUSPENDED", "STAGED"], get: (r) => r.status };
      case "created":
        return { type: "date", operators: ["gt", "ge", "lt", "le", "eq"], get: (r) => r.created };
      case "tags":
        return { type: "string", operators: ["eq", "pr"], get: (r) => r.tags };
      case "score":
        return { type: "number", operators: ["gt", "eq", "pr"], get: (r) => r.score };
      default:
        return undefined;
    }
  },
};

const names = (filter: string, s: FilterSchema<Row> = schema) => rows.filter(compileFilter(filter, s)).map((r) => r.name);
const errorOf = (filter: string, s: FilterSchema<Row> = schema): string => {
  try {
    compileFilter(filter, s);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimFilterError);
    return (error as Error).message;
  }
  throw new Error(`expected ${filter} to be refused`);
};

describe("SCIM filter tokenizer", () => {
  it("keeps escaped quotes and backslashes inside a quoted value", () => {
    expect(tokenize('name eq "a\\"b\\\\c"')).toEqual([
      { kind: "word", value: "name", pos: 0 },
      { kind: "word", value: "eq", pos: 5 },
      { kind: "string", value: 'a"b\\c', pos: 8 },
    ]);
  });

  it("decodes JSON unicode escapes", () => {
    expect(tokenize('"\\u0041\\n"')).toEqual([{ kind: "string", value: "A\n", pos: 0 }]);
  });

  it("refuses an unterminated string, an unknown escape and a stray character", () => {
    expect(() => tokenize('name eq "abc')).toThrow(/Unterminated string/);
    expect(() => tokenize('name eq "a\\qb"')).toThrow(/Invalid escape/);
    expect(() => tokenize("emails[type eq \"work\"]")).toThrow(/Unexpected character "\["/);
  });
});

describe("SCIM filter parser", () => {
  it("binds and tighter than or", () => {
    expect(parseFilter('a eq "1" or b eq "2" and c eq "3"')).toEqual({
      kind: "or",
      left: { kind: "compare", attribute: "a", op: "eq", value: "1" },
      right: {
        kind: "and",
        left: { kind: "compare", attribute: "b", op: "eq", value: "2" },
        right: { kind: "compare", attribute: "c", op: "eq", value: "3" },
      },
    });
  });

  it("lets parentheses override precedence", () => {
    expect(parseFilter('(a eq "1" or b eq "2") and c pr')).toEqual({
      kind: "and",
      left: {
        kind: "or",
        left: { kind: "compare", attribute: "a", op: "eq", value: "1" },
        right: { kind: "compare", attribute: "b", op: "eq", value: "2" },
      },
      right: { kind: "present", attribute: "c" },
    });
  });

  it("reads operators and logical keywords in any case, as the spec's 'AND' example writes them", () => {
    expect(parseFilter('status EQ "RESOLVED" AND not (resourceId Eq "x")')).toEqual({
      kind: "and",
      left: { kind: "compare", attribute: "status", op: "eq", value: "RESOLVED" },
      right: { kind: "not", operand: { kind: "compare", attribute: "resourceId", op: "eq", value: "x" } },
    });
  });

  it("reads true, false, null and numbers as typed values", () => {
    expect(parseFilter("a eq true or b eq null or c gt -1.5")).toMatchObject({
      left: { left: { value: true }, right: { value: null } },
      right: { value: -1.5 },
    });
  });

  it.each([
    ["", /empty/],
    ["name", /ends where an operator/],
    ['name eq', /ends where a value/],
    ['name foo "x"', /Unknown operator 'foo'/],
    ['name eq bare', /must be a quoted string/],
    ['(name eq "x"', /ends where '\)' was expected/],
    ['name eq "x")', /Unexpected '\)'/],
    ['name eq "x" name eq "y"', /Unexpected 'name'/],
    ['and eq "x"', /Expected an attribute name/],
    ['"x" eq name', /Expected an attribute name/],
  ])("refuses the malformed filter %j", (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(message);
  });

  it("refuses nesting deeper than the limit instead of exhausting the stack", () => {
    const deep = `${"(".repeat(MAX_FILTER_DEPTH + 2)}name eq "x"${")".repeat(MAX_FILTER_DEPTH + 2)}`;
    expect(() => parseFilter(deep)).toThrow(/nested too deeply/);
    expect(() => parseFilter(`${"not ".repeat(MAX_FILTER_DEPTH + 5)}name pr`)).toThrow(/nested too deeply/);
  });

  it("refuses an overly long filter", () => {
    expect(() => parseFilter(`name eq "${"x".repeat(5000)}"`)).toThrow(/longer than/);
  });
});

describe("SCIM filter evaluation", () => {
  it("compares strings with eq, ne, co, sw and ew", () => {
    expect(names('name eq "Alice"')).toEqual(["Alice"]);
    expect(names('name co "li"')).toEqual(["Alice"]);
    expect(names('name sw "B"')).toEqual(["Bob"]);
    expect(names('name ew "ob"')).toEqual(["Bob"]);
    expect(names('status ne "STAGED"')).toEqual(["Alice", "Bob"]);
  });

  it("matches values exactly unless the attribute is case-insensitive", () => {
    expect(names('name eq "alice"')).toEqual([]);
    expect(names('nameCi eq "alice"')).toEqual(["Alice"]);
    expect(names('nameCi co "ALI"')).toEqual(["Alice"]);
  });

  it("compares dates as instants, whatever their spelling", () => {
    expect(names('created gt "2025-02-01T00:00:00.000Z"')).toEqual(['x" or status eq "ACTIVE', "back\\slash"]);
    expect(names('created ge "2025-02-01T01:00:00+01:00"')).toEqual(["Bob", 'x" or status eq "ACTIVE', "back\\slash"]);
    expect(names('created lt "2025-02-01T00:00:00Z" or created eq "2025-04-01T00:00:00Z"')).toEqual([
      "Alice",
      "back\\slash",
    ]);
  });

  it("applies and before or, and honours not and parentheses", () => {
    expect(names('status eq "STAGED" or name eq "Alice" and status eq "SUSPENDED"')).toEqual([
      'x" or status eq "ACTIVE',
      "back\\slash",
    ]);
    expect(names('(status eq "STAGED" or name eq "Alice") and not (name co "slash")')).toEqual([
      "Alice",
      'x" or status eq "ACTIVE',
    ]);
  });

  it("treats an injection attempt inside a quoted value as literal text", () => {
    expect(names('name eq "x\\" or status eq \\"ACTIVE"')).toEqual(['x" or status eq "ACTIVE']);
    expect(names('name eq "nobody\\" or name pr or name eq \\"x"')).toEqual([]);
    expect(names('name eq "back\\\\slash"')).toEqual(["back\\slash"]);
  });

  it("matches a multi-valued attribute when any element matches, and pr needs a non-empty value", () => {
    expect(names('tags eq "blue"')).toEqual(["Alice"]);
    expect(names("tags pr")).toEqual(["Alice"]);
    expect(names("score pr")).toEqual(["Alice", "back\\slash"]);
  });

  it("compares numbers numerically and eq null finds records without the attribute", () => {
    expect(names("score gt 5")).toEqual(["back\\slash"]);
    expect(names("score eq null")).toEqual(["Bob", 'x" or status eq "ACTIVE']);
  });

  it("refuses unknown attributes and operators the attribute does not support", () => {
    expect(errorOf('nickname eq "x"')).toMatch(/Unsupported filter attribute 'nickname'/);
    expect(errorOf('status co "ACT"')).toMatch(/'co' operator is not supported for 'status' \(supported: eq, ne\)/);
    expect(errorOf('Name eq "Alice"')).toMatch(/Unsupported filter attribute 'Name'/);
  });

  it("refuses values of the wrong type or outside the enum", () => {
    expect(errorOf('status eq "DELETED"')).toMatch(/not a valid value for 'status'/);
    expect(errorOf('created gt "yesterday"')).toMatch(/ISO 8601/);
    expect(errorOf("name eq 5")).toMatch(/quoted string/);
    expect(errorOf('score gt "5"')).toMatch(/number/);
    expect(errorOf("name co null")).toMatch(/cannot compare 'name' with null/);
  });

  it("refuses not where the API does not support it", () => {
    expect(errorOf('not (name eq "Alice")', { ...schema, allowNot: false })).toMatch(/'not' operator is not supported/);
  });
});

import { describe, expect, it } from "vitest";
import { scim, ScimFilterError } from "../../../src/governance/okta/scim-filter.js";

/**
 * A tiny reader of the filter grammar the builder emits: it splits an
 * expression into tokens the way Okta's parser would, so the tests can check
 * that a hostile value stays one quoted string token.
 */
function tokens(expr: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === " ") {
      i++;
    } else if (ch === "(" || ch === ")") {
      out.push(ch);
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let value = "";
      while (j < expr.length && expr[j] !== '"') {
        if (expr[j] === "\\") j++;
        value += expr[j];
        j++;
      }
      if (j >= expr.length) throw new Error("unterminated string");
      out.push(`"${value}"`);
      i = j + 1;
    } else {
      let j = i;
      while (j < expr.length && !' ()"'.includes(expr[j]!)) j++;
      out.push(expr.slice(i, j));
      i = j;
    }
  }
  return out;
}

describe("SCIM filter builder", () => {
  it("builds eq, co, sw, gt and lt comparisons with quoted values", () => {
    expect(scim.eq("profile.email", "ada@example.com")).toBe('profile.email eq "ada@example.com"');
    expect(scim.co("name", "INC-4711")).toBe('name co "INC-4711"');
    expect(scim.sw("profile.login", "ada")).toBe('profile.login sw "ada"');
    expect(scim.gt("lastUpdated", new Date("2024-05-01T10:00:00Z"))).toBe('lastUpdated gt "2024-05-01T10:00:00.000Z"');
    expect(scim.lt("created", "2024-01-01T00:00:00Z")).toBe('created lt "2024-01-01T00:00:00Z"');
  });

  it("combines expressions with and/or/not, each part in parentheses", () => {
    const f = scim.and(scim.eq("status", "PENDING"), scim.or(scim.eq("requestedFor", "00u1"), scim.eq("requestedFor", "00u2")));
    expect(f).toBe('(status eq "PENDING") and ((requestedFor eq "00u1") or (requestedFor eq "00u2"))');
    expect(scim.not(scim.eq("status", "ACTIVE"))).toBe('not (status eq "ACTIVE")');
    expect(scim.and(scim.eq("a", "1"))).toBe('a eq "1"');
    expect(() => scim.or()).toThrow(ScimFilterError);
  });

  it.each([
    ['x" or status eq "ACTIVE', 'x\\" or status eq \\"ACTIVE'],
    ["\\", "\\\\"],
    ['\\"', '\\\\\\"'],
    [") or (", ") or ("],
    ['a\\" or "1" eq "1', 'a\\\\\\" or \\"1\\" eq \\"1'],
  ])("keeps the hostile value %j one quoted string", (value, escaped) => {
    const expr = scim.eq("profile.email", value);
    expect(expr).toBe(`profile.email eq "${escaped}"`);
    expect(tokens(expr)).toEqual(["profile.email", "eq", `"${value}"`]);
  });

  it("keeps a hostile value inside its clause when combined", () => {
    const expr = scim.and(scim.eq("status", "PENDING"), scim.eq("requestedFor", '00u1") or (status eq "APPROVED'));
    const t = tokens(expr);
    expect(t.filter((x) => x === "or")).toEqual([]);
    expect(t).toContain('"00u1") or (status eq "APPROVED"');
  });

  it.each(["a\nb", "a\rb", "tab\there", "nul\u0000", "del\u007f"])("refuses a value with control characters (%j)", (value) => {
    expect(() => scim.eq("profile.email", value)).toThrow(ScimFilterError);
  });

  it.each(["", "1abc", "profile email", 'name" or "1', "profile.", "profile..x", "a-b", "(name)", "name eq"])(
    "refuses the attribute name %j",
    (attr) => {
      expect(() => scim.eq(attr, "x")).toThrow(ScimFilterError);
    },
  );

  it("accepts dotted and underscored attribute names", () => {
    expect(scim.eq("profile.employee_number", "42")).toBe('profile.employee_number eq "42"');
  });
});

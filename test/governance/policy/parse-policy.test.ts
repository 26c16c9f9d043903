import { describe, expect, it } from "vitest";
import { parsePolicy, PolicyError } from "../../../src/governance/policy/index.js";
import type { PolicyIssue } from "../../../src/governance/policy/index.js";
import { PRODUCT_POLICY } from "./subjects.js";

function problemsOf(text: string, source = "policy.yaml"): readonly PolicyIssue[] {
  try {
    parsePolicy(text, source);
  } catch (error) {
    if (error instanceof PolicyError) return error.issues;
    throw error;
  }
  throw new Error("expected the policy to be rejected");
}

function onlyProblem(text: string): PolicyIssue {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("parsePolicy: a valid policy", () => {
  it("parses the PRODUCT.md sample into roles, permissions, approval rule and SAR defaults", () => {
    const policy = parsePolicy(PRODUCT_POLICY, "policy.yaml");
    expect(policy.source).toBe("file");
    expect(policy.path).toBe("policy.yaml");
    expect(policy.roles.map((r) => r.name)).toEqual(["responder", "approver", "admin"]);
    expect(policy.roles[1]).toEqual({
      name: "approver",
      oktaGroups: ["Security Leads"],
      oktaAdminRoles: ["SUPER_ADMIN"],
      oktaUsers: [],
    });
    expect(policy.permissions["sar.read"]).toEqual(["responder", "approver"]);
    expect(policy.permissions["sar.cancel"]).toBeUndefined();
    expect(policy.approval["sar.launch"]).toEqual({
      required: true,
      approvers: ["approver"],
      minApprovals: 1,
      allowSelfApproval: false,
      expiresAfterMs: 30 * 60_000,
    });
    expect(policy.sar).toEqual({
      defaultReviewers: [],
      defaultDurationDays: 7,
      namePrefix: "SAR",
      allowLaunchWithoutForm: false,
      reviewersMayAct: true,
    });
    expect(policy.remediateStepUp).toBeUndefined();
    expect(policy.warnings).toEqual([]);
  });

  it("the parsed policy is frozen so no caller can widen it at run time", () => {
    const policy = parsePolicy(PRODUCT_POLICY, "policy.yaml");
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.permissions)).toBe(true);
    expect(Object.isFrozen(policy.permissions["sar.launch"])).toBe(true);
    expect(Object.isFrozen(policy.roles[0]!.oktaGroups)).toBe(true);
  });

  it("left-out sections get safe defaults: no approval needed, standard SAR form defaults", () => {
    const policy = parsePolicy("roles:\n  r:\n    oktaGroups: [g]\npermissions:\n  sar.read: [r]\n", "p.yaml");
    expect(policy.approval["sar.launch"]).toEqual({ required: false });
    expect(policy.sar.defaultDurationDays).toBe(7);
    expect(policy.sar.namePrefix).toBe("SAR");
  });

  it("an approval rule without `required` requires approval, with 1 approval, no self-approval, 30m expiry", () => {
    const text = [
      "roles:\n  lead:\n    oktaGroups: [g]",
      "permissions:\n  sar.approve: [lead]",
      "approval:\n  sar.launch:\n    approvers: [lead]\n",
    ].join("\n");
    expect(parsePolicy(text, "p.yaml").approval["sar.launch"]).toEqual({
      required: true,
      approvers: ["lead"],
      minApprovals: 1,
      allowSelfApproval: false,
      expiresAfterMs: 1_800_000,
    });
  });

  it("durations combine units: 1h30m is 90 minutes and 7d is accepted as the upper bound", () => {
    const rule = (d: string) =>
      parsePolicy(
        `roles: {lead: {oktaGroups: [g]}}\npermissions: {sar.approve: [lead]}\napproval: {sar.launch: {approvers: [lead], expiresAfter: ${d}}}\n`,
        "p.yaml",
      ).approval["sar.launch"];
    expect(rule("1h30m")).toMatchObject({ expiresAfterMs: 90 * 60_000 });
    expect(rule("7d")).toMatchObject({ expiresAfterMs: 7 * 86_400_000 });
    expect(rule("1m")).toMatchObject({ expiresAfterMs: 60_000 });
  });

  it("standard admin role types are normalised to upper case", () => {
    const policy = parsePolicy("roles:\n  admin:\n    oktaAdminRoles: [super_admin]\npermissions:\n  audit.read: [admin]\n", "p");
    expect(policy.roles[0]!.oktaAdminRoles).toEqual(["SUPER_ADMIN"]);
  });

  it("anchors and aliases are followed, so one list can serve two roles", () => {
    const text = "roles:\n  a:\n    oktaGroups: &leads [\"Security Leads\"]\n  b:\n    oktaGroups: *leads\npermissions:\n  sar.read: [a, b]\n";
    expect(parsePolicy(text, "p").roles.map((r) => r.oktaGroups)).toEqual([["Security Leads"], ["Security Leads"]]);
  });
});

describe("parsePolicy: every problem names its line", () => {
  const broken = [
    /* 1 */ "roles:",
    /* 2 */ "  responder:",
    /* 3 */ '    oktaGroups: ["Incident Responders"]',
    /* 4 */ "  approver:",
    /* 5 */ '    oktaGroups: ["Security Leads"]',
    /* 6 */ '    oktaAdminRole: ["SUPER_ADMIN"]',
    /* 7 */ "permissions:",
    /* 8 */ "  sar.launch: [responderz]",
    /* 9 */ "  sar.approve: [approver]",
    /* 10 */ "  sar.lanuch: [responder]",
    /* 11 */ "approval:",
    /* 12 */ "  sar.launch:",
    /* 13 */ "    approvers: [approver]",
    /* 14 */ "    minApprovals: 0",
    /* 15 */ "    expiresAfter: 30 minutes",
    /* 16 */ "sar:",
    /* 17 */ "  defaultDurationDays: 365",
    /* 18 */ '  namePrefix: ""',
    /* 19 */ "permisions: {}",
    "",
  ].join("\n");

  it("collects all problems, sorted by position, each at the right line and column", () => {
    const at = problemsOf(broken).map((p) => [p.line, p.column]);
    expect(at).toEqual([
      [6, 5],
      [8, 16],
      [10, 3],
      [14, 19],
      [15, 19],
      [17, 24],
      [18, 15],
      [19, 1],
    ]);
  });

  it("each problem says what is wrong in words an Okta admin can act on", () => {
    const reasons = problemsOf(broken).map((p) => p.reason);
    expect(reasons[0]).toMatch(/unknown key "oktaAdminRole" in role "approver" \(did you mean "oktaAdminRoles"\?\)/);
    expect(reasons[1]).toBe(
      'permissions."sar.launch" names role "responderz", which is not defined under roles (did you mean "responder"?)',
    );
    expect(reasons[2]).toMatch(/unknown action "sar.lanuch" under permissions \(did you mean "sar.launch"\?\)/);
    expect(reasons[3]).toBe('approval."sar.launch".minApprovals must be between 1 and 10, not 0');
    expect(reasons[4]).toBe('approval."sar.launch".expiresAfter must be a duration such as 30m, 2h or 1d, not "30 minutes"');
    expect(reasons[5]).toBe("sar.defaultDurationDays must be between 1 and 180, not 365");
    expect(reasons[6]).toMatch(/^sar.namePrefix must be non-empty text/);
    expect(reasons[7]).toMatch(/unknown key "permisions" at the top level \(did you mean "permissions"\?\)/);
  });

  it("the error message starts with source:line:column and the first reason, then lists the rest", () => {
    try {
      parsePolicy(broken, "policy.yaml");
      expect.unreachable("the policy should be rejected");
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      const e = error as PolicyError;
      expect([e.source, e.line, e.column]).toEqual(["policy.yaml", 6, 5]);
      expect(e.message).toContain(
        'policy.yaml:8:16: permissions."sar.launch" names role "responderz", which is not defined under roles',
      );
      expect(e.message.split("\n")).toHaveLength(9);
    }
  });
});

describe("parsePolicy: single mistakes", () => {
  it("a typo'd top-level key is rejected and named", () => {
    const p = onlyProblem("roles:\n  r:\n    oktaGroups: [g]\npermissions:\n  sar.read: [r]\naproval: {}\n");
    expect([p.line, p.column]).toEqual([6, 1]);
    expect(p.reason).toMatch(/^unknown key "aproval" at the top level \(did you mean "approval"\?\); expected one of: roles, permissions, approval, sar, proposals$/);
  });

  it("a role used in permissions but not defined is rejected at its list item", () => {
    const p = onlyProblem("roles:\n  responder:\n    oktaGroups: [g]\npermissions:\n  sar.read: [responder]\n  sar.launch:\n    - responder\n    - approver\n");
    expect([p.line, p.column]).toEqual([8, 7]);
    expect(p.reason).toBe('permissions."sar.launch" names role "approver", which is not defined under roles');
  });

  it("a bad duration is rejected with the accepted forms", () => {
    const p = onlyProblem("roles: {l: {oktaGroups: [g]}}\npermissions: {sar.approve: [l]}\napproval:\n  sar.launch:\n    approvers: [l]\n    expiresAfter: 30\n");
    expect(p.line).toBe(6);
    expect(p.reason).toBe('approval."sar.launch".expiresAfter must be a duration such as 30m, 2h or 1d, not 30');
  });

  it("an approval expiry outside 1 minute .. 7 days is rejected", () => {
    const base = "roles: {l: {oktaGroups: [g]}}\npermissions: {sar.approve: [l]}\napproval:\n  sar.launch:\n    approvers: [l]\n";
    expect(onlyProblem(`${base}    expiresAfter: 30s\n`).reason).toBe(
      'approval."sar.launch".expiresAfter must be between 1m and 7d, not 30s',
    );
    expect(onlyProblem(`${base}    expiresAfter: 8d\n`).reason).toMatch(/must be between 1m and 7d, not 8d$/);
  });

  it("out-of-range numbers are rejected: duration days, approvals, reviewer count", () => {
    expect(onlyProblem("sar:\n  defaultDurationDays: 0\n").reason).toBe("sar.defaultDurationDays must be between 1 and 180, not 0");
    expect(onlyProblem("sar:\n  defaultDurationDays: 181\n").line).toBe(2);
    expect(onlyProblem("sar:\n  defaultDurationDays: 2.5\n").reason).toMatch(/must be a whole number, not the number 2.5/);
    const reviewers = Array.from({ length: 11 }, (_, i) => `u${i}@example.com`).join(", ");
    expect(onlyProblem(`sar:\n  defaultReviewers: [${reviewers}]\n`).reason).toMatch(/at most 10 reviewers .*not 11/);
    const base = "roles: {l: {oktaGroups: [g]}}\npermissions: {sar.approve: [l]}\napproval:\n  sar.launch:\n    approvers: [l]\n";
    expect(onlyProblem(`${base}    minApprovals: 11\n`).reason).toMatch(/minApprovals must be between 1 and 10, not 11/);
  });

  it("a namePrefix longer than 40 characters is rejected", () => {
    expect(onlyProblem(`sar:\n  namePrefix: "${"x".repeat(41)}"\n`).reason).toBe(
      "sar.namePrefix must be at most 40 characters, not 41",
    );
  });

  it("yes/no are not booleans: `required: yes` is rejected (YAML 1.2 reads it as text)", () => {
    const p = onlyProblem("roles: {l: {oktaGroups: [g]}}\npermissions: {sar.approve: [l]}\napproval:\n  sar.launch:\n    required: yes\n    approvers: [l]\n");
    expect([p.line, p.reason]).toEqual([5, 'approval."sar.launch".required must be true or false, not "yes"']);
  });

  it("a YAML syntax error is reported with its line", () => {
    const p = onlyProblem('roles:\n  responder:\n    oktaGroups: ["Incident Responders"\npermissions:\n  sar.launch: [responder]\n');
    expect(p.line).toBe(4);
    expect(p.reason).toMatch(/Flow sequence .* end with a \]/);
  });

  it("a duplicated key is reported at the second occurrence", () => {
    const p = onlyProblem("roles: {r: {oktaGroups: [g]}}\npermissions:\n  sar.read: [r]\n  sar.read: [r]\n");
    expect([p.line, p.column]).toEqual([4, 3]);
    expect(p.reason).toMatch(/unique/);
  });

  it("an empty file is rejected rather than silently allowing nothing", () => {
    const p = onlyProblem("# nothing here yet\n");
    expect(p.reason).toMatch(/the policy file is empty/);
  });

  it("a policy that is a list instead of a map is rejected", () => {
    expect(onlyProblem("- roles\n- permissions\n").reason).toBe("the policy must be a map of keys to values, not a list");
  });

  it("a single role name instead of a list is rejected, so `[a]` and `a` never get confused", () => {
    const p = onlyProblem("roles: {r: {oktaGroups: [g]}}\npermissions:\n  sar.read: r\n");
    expect([p.line, p.reason]).toEqual([3, 'permissions."sar.read" must be a list of role names (e.g. ["..."]), not "r"']);
  });

  it("an approval rule for an action that cannot be approved is rejected", () => {
    const p = onlyProblem("roles: {r: {oktaGroups: [g]}}\npermissions: {sar.read: [r]}\napproval:\n  sar.read: {approvers: [r]}\n");
    expect([p.line, p.reason]).toEqual([4, 'approval rules exist only for sar.launch and sar.remediate, not "sar.read"']);
  });

  it("approvers whose role may not sar.approve are rejected, since nobody could then approve", () => {
    const p = onlyProblem("roles: {r: {oktaGroups: [g]}}\npermissions: {sar.launch: [r]}\napproval:\n  sar.launch:\n    approvers: [r]\n");
    expect([p.line, p.column]).toEqual([5, 17]);
    expect(p.reason).toMatch(/names role "r", but permissions."sar.approve" does not list it/);
  });

  it("a required approval without approvers is rejected", () => {
    const p = onlyProblem("roles: {r: {oktaGroups: [g]}}\npermissions: {sar.approve: [r]}\napproval:\n  sar.launch:\n    required: true\n");
    expect([p.line, p.reason]).toEqual([4, 'approval."sar.launch" requires approval but names no approvers; add approvers: [<role>]']);
  });

  it("oktaAdminRoles: CUSTOM is rejected because it would match every custom role", () => {
    const p = onlyProblem("roles:\n  r:\n    oktaAdminRoles: [CUSTOM]\npermissions: {sar.read: [r]}\n");
    expect([p.line, p.column]).toEqual([3, 22]);
    expect(p.reason).toMatch(/"CUSTOM" is not allowed/);
  });

  it("role names with spaces or punctuation are rejected", () => {
    const p = onlyProblem('roles:\n  "incident responder":\n    oktaGroups: [g]\n');
    expect(p.line).toBe(2);
    expect(p.reason).toMatch(/role name "incident responder" must start with a letter/);
  });

  it("a default reviewer listed twice (in any case) is rejected", () => {
    const p = onlyProblem("sar:\n  defaultReviewers:\n    - erin@example.com\n    - Erin@example.com\n");
    expect([p.line, p.reason]).toEqual([4, 'sar.defaultReviewers lists "Erin@example.com" twice']);
  });
});

describe("parsePolicy: warnings for things that parse but look unintended", () => {
  it("an upper-case admin role that is not a standard type warns and suggests the close one", () => {
    const policy = parsePolicy("roles:\n  r:\n    oktaAdminRoles: [SUPER_ADMN]\npermissions: {audit.read: [r]}\n", "p.yaml");
    expect(policy.roles[0]!.oktaAdminRoles).toEqual(["SUPER_ADMN"]);
    expect(policy.warnings).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringMatching(/not a standard Okta admin role type \(did you mean "SUPER_ADMIN"\?\)/) }),
    ]);
  });

  it("a role nobody can hold and a role no permission uses are both reported", () => {
    const policy = parsePolicy("roles:\n  empty: {}\n  spare:\n    oktaGroups: [g]\npermissions: {sar.read: [empty]}\n", "p.yaml");
    expect(policy.warnings.map((w) => [w.line, w.reason])).toEqual([
      [2, 'role "empty" has no oktaGroups, oktaAdminRoles or oktaUsers, so nobody holds it'],
      [3, 'role "spare" is defined but no permission uses it'],
    ]);
  });

  it("a policy without permissions warns that nothing is allowed", () => {
    const policy = parsePolicy("sar:\n  namePrefix: IR\n", "p.yaml");
    expect(policy.warnings.map((w) => w.reason)).toEqual(["no action is listed under permissions, so nothing is allowed"]);
  });
});

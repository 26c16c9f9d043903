// Property: over many random policies and subjects (seeded, so failures
// replay), `decide` allows an action exactly when the subject meets the
// conditions of a role the policy lists for it, judged by an independent oracle.
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../src/sandbox/faults.js";
import type { OktaGroup, OktaRoleAssignment, OktaUserStatus } from "../../../src/governance/okta/types.js";
import { ACTIONS, decide, parsePolicy, rolesFor } from "../../../src/governance/policy/index.js";
import { customRole, group, standardRole, subject } from "./subjects.js";


const GROUPS = Array.from({ length: 6 }, (_, i) => group(`00g${String(i).padStart(17, "0")}`, `Group ${i}`));
const STANDARD = ["SUPER_ADMIN", "ORG_ADMIN", "HELP_DESK_ADMIN"].map((t) => standardRole(t));
const CUSTOM = [0, 1, 2].map((i) => customRole(`cr0custom${String(i).padStart(11, "0")}`, `Custom Role ${i}`));
const ADMIN = [...STANDARD, ...CUSTOM];
const ROLE_NAMES = ["r0", "r1", "r2", "r3"];

interface RoleSpec {
  groups: OktaGroup[];
  admin: OktaRoleAssignment[];
}

function pick<T>(next: () => number, items: readonly T[], p: number): T[] {
  return items.filter(() => next() < p);
}

function randomCase(next: () => number, s: string): string {
  return [...s].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join("");
}

/** The policy text, referring to each group by id or by a randomly cased name, custom roles by id or label. */
function policyText(next: () => number, roles: Map<string, RoleSpec>, permissions: Map<string, string[]>): string {
  const doc: Record<string, unknown> = { roles: {}, permissions: {} };
  for (const [name, spec] of roles) {
    (doc.roles as Record<string, unknown>)[name] = {
      oktaGroups: spec.groups.map((g) => (next() < 0.5 ? g.id : randomCase(next, g.profile.name))),
      oktaAdminRoles: spec.admin.map((a) =>
        a.type !== "CUSTOM" ? a.type : next() < 0.5 ? a.role! : randomCase(next, a.label!),
      ),
    };
  }
  for (const [action, allowed] of permissions) (doc.permissions as Record<string, unknown>)[action] = allowed;
  return stringify(doc);
}

describe("decide (property)", () => {
  it("never allows an action whose roles the subject does not hold, and always allows one it does", () => {
    const next = mulberry32(20240611);
    let allowedSeen = 0;
    let deniedSeen = 0;
    for (let run = 0; run < 400; run++) {
      const roles = new Map<string, RoleSpec>(
        pick(next, ROLE_NAMES, 0.7).map((name) => [name, { groups: pick(next, GROUPS, 0.3), admin: pick(next, ADMIN, 0.2) }]),
      );
      const permissions = new Map<string, string[]>();
      for (const action of pick(next, ACTIONS, 0.7)) permissions.set(action, pick(next, [...roles.keys()], 0.5));
      const policy = parsePolicy(policyText(next, roles, permissions), `run-${run}.yaml`);

      const status: OktaUserStatus = next() < 0.85 ? "ACTIVE" : "SUSPENDED";
      const heldGroups = pick(next, GROUPS, 0.3);
      const heldAdmin = pick(next, ADMIN, 0.2).map((a) => (next() < 0.15 ? { ...a, status: "INACTIVE" } : a));
      const grants = rolesFor(policy, subject({ status, groups: heldGroups, adminRoles: heldAdmin }));

      // The oracle compares identities, never strings, so it shares no matching code with rolesFor.
      const holds = (role: string): boolean => {
        const spec = roles.get(role);
        if (spec === undefined || status !== "ACTIVE") return false;
        return (
          spec.groups.some((g) => heldGroups.includes(g)) ||
          spec.admin.some((a) => heldAdmin.some((h) => h.id === a.id && h.status === "ACTIVE"))
        );
      };

      for (const action of ACTIONS) {
        const listed = permissions.get(action) ?? [];
        const expected = listed.filter(holds);
        const decision = decide(policy, action, grants);
        if (decision.allowed) {
          allowedSeen++;
          expect(decision.via).toEqual(expected);
          expect(expected.length).toBeGreaterThan(0);
        } else {
          deniedSeen++;
          expect(expected).toEqual([]);
          expect(decision.requiredRoles).toEqual(listed);
        }
      }
      expect(decide(policy, `x.${run}`, grants).allowed).toBe(false);
    }
    // Both outcomes must be well represented, or the property says little.
    expect(allowedSeen).toBeGreaterThan(200);
    expect(deniedSeen).toBeGreaterThan(200);
  });
});

import { describe, expect, it } from "vitest";
import {
  createOrg,
  DEMO_APPS,
  DEMO_GROUPS,
  DEMO_REQUESTS,
  DEMO_ROLES,
  DEMO_USERS,
  randomIds,
  sequentialIds,
} from "../../../src/sandbox/org/index.js";
import type { SandboxOrg } from "../../../src/sandbox/org/index.js";

const snapshot = (org: SandboxOrg) => ({
  users: org.listUsers().map((u) => [u.id, u.profile.login, u.profile.email, u.status]),
  groups: org.listGroups().map((g) => [g.id, g.profile.name]),
  memberships: org.listUsers().map((u) => [u.id, org.groupsOfUser(u.id).map((g) => g.id)]),
  roles: org.listUsers().map((u) => [u.id, org.rolesOfUser(u.id).map((r) => r.assignment.id)]),
  requests: org.listRequests().map((r) => [r.id, r.status, r.requestedFor, r.requested.resourceId, r.requested.entryId]),
});

describe("demo seed", () => {
  it("has the same ids however ids are generated and whenever it is created", () => {
    const a = createOrg({ seed: "demo", ids: randomIds(), clock: () => new Date("2025-01-01T00:00:00Z") });
    const b = createOrg({ seed: "demo", ids: sequentialIds(500), clock: () => new Date("2026-07-15T12:00:00Z") });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(a.demo?.users.alice.id).toBe(DEMO_USERS.alice.id);
  });

  it("uses Okta-shaped ids: 20 characters with the right prefix", () => {
    const shaped = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{17}$`);
    for (const user of Object.values(DEMO_USERS)) expect(user.id).toMatch(shaped("00u"));
    for (const group of Object.values(DEMO_GROUPS)) expect(group.id).toMatch(shaped("00g"));
    for (const app of Object.values(DEMO_APPS)) expect(app.id).toMatch(shaped("0oa"));
    for (const request of Object.values(DEMO_REQUESTS)) expect(request.id).toMatch(shaped("req"));
    expect(DEMO_ROLES.governanceResponder.roleId).toMatch(shaped("cr0"));
    const org = createOrg({ seed: "demo" });
    for (const request of org.listRequests()) expect(request.requested.entryId).toMatch(shaped("cen"));
  });

  it("casts each person in their part of the story", () => {
    const org = createOrg({ seed: "demo" });
    const groupNames = (id: string) => org.groupsOfUser(id).map((g) => g.profile.name);
    const roleTypes = (id: string) => org.rolesOfUser(id).map((r) => r.assignment.type);
    const status = (id: string) => org.findUser(id)?.status;

    expect(groupNames(DEMO_USERS.alice.id)).toContain("Incident Responders");
    expect(groupNames(DEMO_USERS.bob.id)).toContain("Security Leads");
    expect(roleTypes(DEMO_USERS.carol.id)).toEqual(["SUPER_ADMIN"]);
    expect(groupNames(DEMO_USERS.dan.id)).toContain("Engineering");
    expect(org.rolesOfUser(DEMO_USERS.grace.id).map((r) => r.assignment)).toEqual([
      expect.objectContaining({ type: "CUSTOM", label: "Governance Responder", roleId: DEMO_ROLES.governanceResponder.roleId }),
    ]);
    expect(status(DEMO_USERS.gina.id)).toBe("DEPROVISIONED");
    expect(status(DEMO_USERS.sam.id)).toBe("SUSPENDED");
    for (const key of ["alice", "bob", "carol", "dan", "erin", "frank"] as const) expect(status(DEMO_USERS[key].id)).toBe("ACTIVE");
    expect(org.findUser(DEMO_USERS.patOne.id)?.profile.email).toBe("pat@example.com");
    expect(org.findUser(DEMO_USERS.patTwo.id)?.profile.email).toBe("pat@example.com");
    for (const user of org.listUsers()) expect(user.profile.login).toMatch(/@example\.com$/);
  });

  it("holds requests for dan and alice in several of the spec's states, dated relative to the clock", () => {
    const now = new Date("2025-09-10T08:00:00Z");
    const org = createOrg({ seed: "demo", clock: () => now });
    const requests = org.listRequests();
    expect(new Set(requests.map((r) => r.status))).toEqual(
      new Set(["PENDING", "SUBMITTED", "APPROVED", "DENIED", "CANCELED", "EXPIRED"]),
    );
    expect(new Set(requests.map((r) => r.requestedFor))).toEqual(new Set([DEMO_USERS.dan.id, DEMO_USERS.alice.id]));
    for (const request of requests) {
      const created = Date.parse(request.created);
      expect(created).toBeLessThan(now.getTime());
      expect(created).toBeGreaterThanOrEqual(now.getTime() - 8 * 86_400_000);
      expect(Date.parse(request.lastUpdated)).toBeGreaterThanOrEqual(created);
    }
  });

  it("an empty org holds only Okta's built-in Everyone group", () => {
    const org = createOrg({ seed: "empty" });
    expect(org.listUsers()).toEqual([]);
    expect(org.listGroups().map((g) => [g.profile.name, g.type])).toEqual([["Everyone", "BUILT_IN"]]);
    expect(org.listRequests()).toEqual([]);
    expect(org.demo).toBeUndefined();
  });

  it("hands out copies, so editing a returned record does not change the org", () => {
    const org = createOrg({ seed: "demo" });
    const user = org.findUser(DEMO_USERS.dan.id);
    if (!user) throw new Error("dan is missing");
    user.status = "DEPROVISIONED";
    user.profile.email = "evil@example.com";
    expect(org.findUser(DEMO_USERS.dan.id)).toMatchObject({ status: "ACTIVE", profile: { email: DEMO_USERS.dan.email } });
  });
});

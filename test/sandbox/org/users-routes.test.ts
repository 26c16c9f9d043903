import { describe, expect, it } from "vitest";
import { DEMO_GROUPS, DEMO_ROLES, DEMO_USERS, EVERYONE_GROUP_ID } from "../../../src/sandbox/org/index.js";
import { nextLink, orgHarness } from "./route-harness.js";

type UserBody = { id: string; status: string; profile: { login: string; email: string } };
const ids = (body: unknown) => (body as UserBody[]).map((u) => u.id);

describe("listUsers search", () => {
  it("matches values without regard to case, as Okta's search does", async () => {
    const { call } = orgHarness();
    const res = await call("listUsers", { query: { search: 'profile.email eq "ALICE.Responder@Example.com"' } });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([DEMO_USERS.alice.id]);
  });

  it("returns DEPROVISIONED users, which a plain list leaves out", async () => {
    const { call } = orgHarness();
    const searched = await call("listUsers", { query: { search: `profile.login eq "${DEMO_USERS.gina.login}"` } });
    expect((searched.body as UserBody[]).map((u) => u.status)).toEqual(["DEPROVISIONED"]);
    const listed = await call("listUsers");
    expect(ids(listed.body)).not.toContain(DEMO_USERS.gina.id);
    expect(ids(listed.body)).toContain(DEMO_USERS.sam.id);
  });

  it("finds both users sharing an email, so callers can see the ambiguity", async () => {
    const { call } = orgHarness();
    const res = await call("listUsers", { query: { search: 'profile.email eq "pat@example.com"' } });
    expect(ids(res.body).sort()).toEqual([DEMO_USERS.patOne.id, DEMO_USERS.patTwo.id].sort());
  });

  it("treats a quote-breaking value as one literal value, returning nothing extra", async () => {
    const { call } = orgHarness();
    const res = await call("listUsers", { query: { search: 'profile.email eq "x\\" or status eq \\"ACTIVE"' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("supports sw, co on login/email, and status ranges", async () => {
    const { call } = orgHarness();
    const sw = await call("listUsers", { query: { search: 'profile.login sw "PAT."' } });
    expect(ids(sw.body).sort()).toEqual([DEMO_USERS.patOne.id, DEMO_USERS.patTwo.id].sort());
    const co = await call("listUsers", { query: { search: 'profile.email co "reviewer"' } });
    expect(ids(co.body).sort()).toEqual([DEMO_USERS.erin.id, DEMO_USERS.frank.id].sort());
    const notActive = await call("listUsers", { query: { search: '(status lt "ACTIVE" or status gt "ACTIVE")' } });
    expect(ids(notActive.body).sort()).toEqual([DEMO_USERS.gina.id, DEMO_USERS.sam.id].sort());
  });

  it.each([
    ['profile.email ne "x"', /'ne' operator is not supported/],
    ['profile.department co "Eng"', /'co' operator is not supported/],
    ['profile.shoeSize eq "9"', /Unsupported filter attribute 'profile.shoeSize'/],
    ['profile.email eq "unterminated', /Unterminated string/],
  ])("answers the unusable search %j with 400 E0000031", async (search, cause) => {
    const { call } = orgHarness();
    const res = await call("listUsers", { query: { search } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "E0000031", errorSummary: "Invalid search criteria." });
    expect((res.body as { errorCauses: { errorSummary: string }[] }).errorCauses[0]?.errorSummary).toMatch(cause);
  });
});

describe("listUsers filter and q", () => {
  it("filters exactly: a differently cased login matches nothing", async () => {
    const { call } = orgHarness();
    const exact = await call("listUsers", { query: { filter: `profile.login eq "${DEMO_USERS.dan.login}"` } });
    expect(ids(exact.body)).toEqual([DEMO_USERS.dan.id]);
    const cased = await call("listUsers", { query: { filter: 'profile.login eq "DAN.TARGET@example.com"' } });
    expect(cased.body).toEqual([]);
  });

  it("filters by status, DEPROVISIONED included", async () => {
    const { call } = orgHarness();
    const res = await call("listUsers", { query: { filter: 'status eq "DEPROVISIONED"' } });
    expect(ids(res.body)).toEqual([DEMO_USERS.gina.id]);
  });

  it("refuses operators and attributes filter does not support", async () => {
    const { call } = orgHarness();
    for (const filter of ['profile.login sw "dan"', 'profile.department eq "x"', 'not (status eq "ACTIVE")']) {
      const res = await call("listUsers", { query: { filter } });
      expect(res.status, filter).toBe(400);
      expect(res.body).toMatchObject({ errorCode: "E0000031" });
    }
  });

  it("q matches name or email prefixes and leaves out DEPROVISIONED users", async () => {
    const { call } = orgHarness();
    expect(ids((await call("listUsers", { query: { q: "gina" } })).body)).toEqual([]);
    expect(ids((await call("listUsers", { query: { q: "Frank" } })).body)).toEqual([DEMO_USERS.frank.id]);
  });
});

describe("listUsers paging", () => {
  it("walks every user through the Link header's next URL, each exactly once", async () => {
    const { call } = orgHarness();
    const seen: string[] = [];
    let query: Record<string, string> | URLSearchParams = { search: 'status eq "ACTIVE"', limit: "3" };
    for (let pages = 0; pages < 20; pages++) {
      const res = await call("listUsers", { query });
      seen.push(...ids(res.body));
      expect(ids(res.body).length).toBeLessThanOrEqual(3);
      const next = nextLink(res);
      if (!next) break;
      expect(next.pathname).toBe("/api/v1/users");
      expect(next.searchParams.get("search")).toBe('status eq "ACTIVE"');
      query = next.searchParams;
    }
    const active = Object.values(DEMO_USERS).filter((u) => u.id !== DEMO_USERS.gina.id && u.id !== DEMO_USERS.sam.id);
    expect(seen.sort()).toEqual(active.map((u) => u.id).sort());
  });
});

describe("getUser, listUserGroups, listAssignedRolesForUser", () => {
  it("gets a user by id or by login", async () => {
    const { call } = orgHarness();
    const byId = await call("getUser", { params: { userId: DEMO_USERS.bob.id } });
    const byLogin = await call("getUser", { params: { userId: DEMO_USERS.bob.login } });
    expect(byId.body).toEqual(byLogin.body);
    expect(byId.body).toMatchObject({ id: DEMO_USERS.bob.id, status: "ACTIVE", profile: { login: "bob.lead@example.com" } });
  });

  it("answers an unknown user with 404 E0000007", async () => {
    const { call } = orgHarness();
    const res = await call("getUser", { params: { userId: "nobody@example.com" } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errorCode: "E0000007", errorSummary: "Not found: Resource not found: nobody@example.com (User)" });
  });

  it("lists a user's groups, Everyone included", async () => {
    const { call } = orgHarness();
    const res = await call("listUserGroups", { params: { userId: DEMO_USERS.alice.id } });
    const groups = res.body as { id: string; profile: { name: string } }[];
    expect(groups.map((g) => g.profile.name).sort()).toEqual(["Everyone", "Incident Responders"]);
    expect(groups.map((g) => g.id)).toContain(DEMO_GROUPS.incidentResponders.id);
    expect(groups.map((g) => g.id)).toContain(EVERYONE_GROUP_ID);
  });

  it("reflects a membership added by a test", async () => {
    const { org, call } = orgHarness();
    org.addToGroup(DEMO_USERS.dan.id, DEMO_GROUPS.securityLeads.id);
    const res = await call("listUserGroups", { params: { userId: DEMO_USERS.dan.login } });
    expect((res.body as { profile: { name: string } }[]).map((g) => g.profile.name)).toContain("Security Leads");
  });

  it("lists a standard role by type and a custom role with its label and role id", async () => {
    const { call } = orgHarness();
    const carol = await call("listAssignedRolesForUser", { params: { userId: DEMO_USERS.carol.id } });
    expect(carol.body).toEqual([expect.objectContaining({ type: "SUPER_ADMIN", status: "ACTIVE", assignmentType: "USER" })]);
    const grace = await call("listAssignedRolesForUser", { params: { userId: DEMO_USERS.grace.id } });
    expect(grace.body).toEqual([
      expect.objectContaining({
        type: "CUSTOM",
        label: "Governance Responder",
        role: DEMO_ROLES.governanceResponder.roleId,
        _links: expect.objectContaining({
          role: { href: `http://127.0.0.1:4010/api/v1/iam/roles/${DEMO_ROLES.governanceResponder.roleId}` },
        }),
      }),
    ]);
    const alice = await call("listAssignedRolesForUser", { params: { userId: DEMO_USERS.alice.id } });
    expect(alice.body).toEqual([]);
  });

  it("gives group members the group's admin role, marked as assigned through the group", async () => {
    const { org, call } = orgHarness();
    org.assignRole({ assignee: { groupId: DEMO_GROUPS.securityLeads.id }, type: "ORG_ADMIN" });
    const res = await call("listAssignedRolesForUser", { params: { userId: DEMO_USERS.bob.id } });
    expect(res.body).toEqual([expect.objectContaining({ type: "ORG_ADMIN", assignmentType: "GROUP" })]);
  });

  it("shows a status a test changed", async () => {
    const { org, call } = orgHarness();
    org.setUserStatus(DEMO_USERS.dan.id, "SUSPENDED");
    const res = await call("getUser", { params: { userId: DEMO_USERS.dan.id } });
    expect(res.body).toMatchObject({ status: "SUSPENDED" });
  });
});

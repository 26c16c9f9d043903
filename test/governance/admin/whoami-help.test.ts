// `/sar whoami` for each kind of demo user (it needs no role), and
// `/sar help` naming every command of PRODUCT.md 4.1 to 4.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminService } from "../../../src/governance/admin/index.js";
import type { Reply } from "../../../src/governance/replies.js";
import { createCoreHarness, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { adminServiceFor } from "./support.js";

let h: CoreHarness;
let admin: AdminService;

beforeAll(async () => {
  h = await createCoreHarness();
  admin = adminServiceFor(h);
});
afterAll(async () => {
  await h.close();
});

function whoami(reply: Reply): Extract<Reply, { type: "whoami" }>["access"] {
  expect(reply, JSON.stringify(reply)).toMatchObject({ type: "whoami" });
  return (reply as Extract<Reply, { type: "whoami" }>).access;
}

describe("whoami", () => {
  it("shows a responder's Okta identity, role and actions", async () => {
    const access = whoami(await admin.whoami(h.actorFor("alice")));
    expect(access).toMatchObject({ oktaUserId: DEMO_USERS.alice.id, login: DEMO_USERS.alice.login, status: "ACTIVE" });
    expect(access.roles.map((r) => r.role)).toEqual(["responder"]);
    expect(access.allowedActions).toEqual(expect.arrayContaining(["sar.launch", "request.message", "sar.read"]));
    expect(access.allowedActions).not.toContain("sar.approve");
  });

  it("shows an approver's role", async () => {
    const access = whoami(await admin.whoami(h.actorFor("bob")));
    expect(access.roles.map((r) => r.role)).toEqual(["approver"]);
    expect(access.allowedActions).toContain("sar.approve");
    expect(access.allowedActions).not.toContain("sar.launch");
  });

  it("shows an admin's roles, identity links and audit included", async () => {
    const access = whoami(await admin.whoami(h.actorFor("carol")));
    expect(access.roles.map((r) => r.role).sort()).toEqual(["admin", "approver"]);
    expect(access.allowedActions).toEqual(expect.arrayContaining(["identity.link", "audit.read"]));
  });

  it("answers a mapped user with no role, saying what each action needs", async () => {
    const access = whoami(await admin.whoami(h.actorFor("dan")));
    expect(access.oktaUserId).toBe(DEMO_USERS.dan.id);
    expect(access.roles).toEqual([]);
    expect(access.allowedActions).toEqual([]);
    expect(access.deniedActions.find((d) => d.action === "sar.launch")?.reason).toContain("responder");
  });

  it("tells an unmapped chat user how to get linked", async () => {
    const reply = await admin.whoami(h.actorFor("alice", { userId: "U_NOBODY", email: null }));
    expect(reply).toMatchObject({ type: "error", code: "identity_not_found" });
    expect((reply as { hint?: string }).hint).toContain("/sar link");
  });
});

describe("help", () => {
  it("lists every command with a platform-neutral usage and a description", () => {
    const reply = admin.help();
    expect(reply.type).toBe("help");
    const entries = (reply as Extract<Reply, { type: "help" }>).entries;
    const commands = entries.map((e) => e.usage.split(" ")[1]);
    expect(commands).toEqual(["<@user", "status", "requests", "message", "watch", "review", "whoami", "link", "audit", "audit", "doctor", "version", "help"]);
    for (const entry of entries) {
      expect(entry.usage).toMatch(/^sar /);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});

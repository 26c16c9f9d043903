// The doctor's Okta checks for an OAuth 2.0 service app, against the sandbox over real HTTP.
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor/index.js";
import { BOT_SCOPES, check, idsWith, oauthEnv, PERMISSION_IDS, sandboxPerFile, tempDirPerTest } from "./support.js";

const WRITES = ["createSecurityAccessReview", "addSecurityAccessReviewComment", "createRequestMessageV2"];
const scopeId = (scope: string) => `okta.scope.${scope}`;

const org = sandboxPerFile();
const cwd = tempDirPerTest("oig-doctor-", { policy: true });

async function appWith(scopes: readonly string[], requireDpop = false) {
  const app = await org().registerClient({ scopes: [...scopes], requireDpop, keyAlg: "ES256" });
  if (app.privateJwk === undefined) throw new Error("the sandbox made no key");
  return { clientId: app.clientId, keyId: app.keyId, privateJwk: app.privateJwk };
}

describe("doctor: Okta OAuth 2.0 service app", () => {
  it("reports the token, every scope and every permission ok for the demo app, with exit code 0", async () => {
    org().calls.clear();
    const report = await runDoctor({ env: oauthEnv(org().url, org()), cwd: cwd() });

    expect(idsWith(report, "failing")).toEqual([]);
    expect(idsWith(report, "missing")).toEqual([]);
    expect(report).toMatchObject({ ok: true, exitCode: 0 });
    expect(check(report, "okta.token").status).toBe("ok");
    for (const scope of BOT_SCOPES) expect(check(report, scopeId(scope)).detail).toMatch(/^granted/);
    for (const id of PERMISSION_IDS) expect(check(report, id).detail).toMatch(/^allowed/);

    // Each permission was proven by a real call, and nothing was written.
    const caller = org().clientId;
    expect(org().calls.count({ operationId: "listUsers", status: 200, caller })).toBe(1);
    expect(org().calls.count({ operationId: "listUserGroups", status: 404, caller })).toBe(1);
    expect(org().calls.count({ operationId: "listAssignedRolesForUser", status: 404, caller })).toBe(1);
    expect(org().calls.count({ operationId: "listSecurityAccessReviews", status: 200, caller })).toBe(1);
    expect(org().calls.count({ operationId: "listAllRequestsV2", status: 200, caller })).toBe(1);
    for (const operationId of WRITES) expect(org().calls.count({ operationId })).toBe(0);
  });

  it("reports a scope the app was not granted as missing, with the Admin Console steps, the others ok, exit code 1", async () => {
    const app = await appWith(BOT_SCOPES.filter((scope) => scope !== "okta.roles.read"));
    const report = await runDoctor({ env: oauthEnv(org().url, app), cwd: cwd() });

    const missing = check(report, scopeId("okta.roles.read"));
    expect(missing.status).toBe("missing");
    expect(missing.detail).toMatch(/^not granted/);
    expect(missing.fix?.join("\n")).toContain(`Applications > Applications > the bot's API Services app (Client ID ${app.clientId})`);
    expect(missing.fix?.join("\n")).toContain("Okta API Scopes tab > okta.roles.read > Grant.");
    for (const scope of BOT_SCOPES.filter((s) => s !== "okta.roles.read")) expect(check(report, scopeId(scope)).status).toBe("ok");

    // The call that needs the scope gets Okta's 403 and the client's hint; the other calls go through.
    const roles = check(report, "okta.permission.users.roles");
    expect(roles.status).toBe("failing");
    expect(roles.detail).toContain("lacks the scope okta.roles.read");
    expect(PERMISSION_IDS.filter((id) => check(report, id).status === "ok")).toEqual(PERMISSION_IDS.filter((id) => id !== "okta.permission.users.roles"));

    // The bot asks for all scopes at once, so its own token request fails until the scope is granted.
    expect(check(report, "okta.token").status).toBe("failing");
    expect(idsWith(report, "missing")).toEqual([scopeId("okta.roles.read")]);
    expect(idsWith(report, "failing")).toEqual(["okta.token", "okta.permission.users.roles"]);
    expect(report.exitCode).toBe(1);
  });

  it("offers dropping the scope from OKTA_SCOPES only when OKTA_SCOPES is set", async () => {
    const app = await appWith(["okta.users.read"]);
    const report = await runDoctor({ env: oauthEnv(org().url, app, { OKTA_SCOPES: "okta.users.read okta.roles.read" }), cwd: cwd() });
    expect(check(report, scopeId("okta.roles.read")).fix?.join("\n")).toContain("remove okta.roles.read from OKTA_SCOPES");
    expect(report.checks.filter((c) => c.id.startsWith("okta.scope.")).map((c) => c.id)).toEqual([scopeId("okta.users.read"), scopeId("okta.roles.read")]);
  });

  it("fails the token check with the credentials hint for a wrong private key, and calls nothing else", async () => {
    const stranger = await appWith(["okta.users.read"]);
    org().calls.clear();
    const env = oauthEnv(org().url, { clientId: org().clientId, keyId: org().keyId, privateJwk: stranger.privateJwk });
    const report = await runDoctor({ env, cwd: cwd() });

    const token = check(report, "okta.token");
    expect(token.status).toBe("failing");
    expect(token.detail).toContain("Okta did not accept the bot's credentials");
    expect(token.fix?.join("\n")).toContain(`the key with KID ${org().keyId} must be Active`);
    expect(token.fix?.join("\n")).toContain("npm run okta:keygen");
    for (const scope of BOT_SCOPES) expect(check(report, scopeId(scope)).status).toBe("skipped");
    for (const id of PERMISSION_IDS) expect(check(report, id).status).toBe("skipped");
    expect(new Set(org().calls.list().map((call) => call.operationId))).toEqual(new Set(["getWellKnownOpenIDConfiguration", "token"]));
    expect(report.exitCode).toBe(1);
  });

  it("explains a DPoP mismatch with OKTA_DPOP, and passes once OKTA_DPOP matches the app", async () => {
    const app = await appWith(BOT_SCOPES, true);
    const off = await runDoctor({ env: oauthEnv(org().url, app, { OKTA_DPOP: "false" }), cwd: cwd() });
    const token = check(off, "okta.token");
    expect(token.status).toBe("failing");
    expect(token.detail).toContain("OKTA_DPOP=true");
    expect(token.fix?.join("\n")).toContain("If it is checked, set OKTA_DPOP=true");

    const on = await runDoctor({ env: oauthEnv(org().url, app, { OKTA_DPOP: "true" }), cwd: cwd() });
    expect(idsWith(on, "failing")).toEqual([]);
    expect(check(on, "okta.token").detail).toContain("issued a DPoP token");
    expect(on.exitCode).toBe(0);
  });
});

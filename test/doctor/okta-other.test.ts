// The doctor's Okta checks beyond the OAuth basics: SSWS, the built-in sandbox,
// an unreachable org, and a 403 that is about admin roles rather than scopes.
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor/index.js";
import { check, closedPort, idsWith, oauthEnv, PERMISSION_IDS, sandboxPerFile, tempDirPerTest } from "./support.js";

const org = sandboxPerFile();
const cwd = tempDirPerTest("oig-doctor-", { policy: true });

describe("doctor: other Okta set-ups", () => {
  it("checks every permission with an SSWS token, without scope checks", async () => {
    const report = await runDoctor({ env: { OKTA_ORG_URL: org().url, OKTA_API_TOKEN: org().apiToken }, cwd: cwd() });
    expect(check(report, "okta.org").detail).toContain("SSWS API token");
    expect(report.checks.some((c) => c.id.startsWith("okta.scope.") || c.id === "okta.token")).toBe(false);
    for (const id of PERMISSION_IDS) expect(check(report, id).status).toBe("ok");
    expect(report.exitCode).toBe(0);
  });

  it("explains a refused SSWS token with the API token steps", async () => {
    const report = await runDoctor({ env: { OKTA_ORG_URL: org().url, OKTA_API_TOKEN: "00wrong-token" }, cwd: cwd() });
    const search = check(report, "okta.permission.users.search");
    expect(search.status).toBe("failing");
    expect(search.fix?.join("\n")).toContain("Security > API > Tokens");
    expect(report.exitCode).toBe(1);
  });

  it("starts the built-in sandbox org when OKTA_ORG_URL is unset, and checks it", async () => {
    const report = await runDoctor({ env: {}, cwd: cwd() });
    expect(check(report, "okta.org").detail).toContain("OKTA_ORG_URL is not set: checked the built-in sandbox org");
    expect(check(report, "okta.token").status).toBe("ok");
    expect(idsWith(report, "failing")).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it("reports an org that does not answer, with the OKTA_ORG_URL steps", async () => {
    const orgUrl = `http://127.0.0.1:${await closedPort()}`;
    const report = await runDoctor({ env: oauthEnv(orgUrl, org()), cwd: cwd() });
    const token = check(report, "okta.token");
    expect(token.status).toBe("failing");
    expect(token.detail).toMatch(/^Okta did not answer/);
    expect(token.fix?.join("\n")).toContain(`Check that OKTA_ORG_URL (${orgUrl})`);
    expect(report.exitCode).toBe(1);
  });

  it("explains a 403 without a missing scope with the admin role steps", async () => {
    // The app's admin role lacks the permission: Okta answers E0000006 without an insufficient_scope challenge.
    const denySars: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === "/governance/api/v2/security-access-reviews") {
        const body = { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action", errorLink: "E0000006", errorId: "oaeDoctorTest", errorCauses: [] };
        return new Response(JSON.stringify(body), { status: 403, headers: { "content-type": "application/json" } });
      }
      return fetch(input, init);
    };
    const report = await runDoctor({ env: oauthEnv(org().url, org()), cwd: cwd(), fetch: denySars });
    const sars = check(report, "okta.permission.sars.list");
    expect(sars.status).toBe("failing");
    expect(sars.detail).toContain("403");
    expect(sars.detail).toContain("Okta errorId oaeDoctorTest");
    expect(sars.detail).toContain("check the app's admin roles");
    const steps = sars.fix?.join("\n") ?? "";
    expect(steps).toContain("Security > Administrators > Roles");
    expect(steps).toContain("okta.governance.securityAccessReviews.admin.read");
    expect(steps).toContain("> Admin roles");
    expect(check(report, "okta.scope.okta.governance.securityAccessReviews.admin.read").status).toBe("ok");
    expect(idsWith(report, "failing")).toEqual(["okta.permission.sars.list"]);
  });
});

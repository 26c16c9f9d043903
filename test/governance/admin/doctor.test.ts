// `/sar doctor` in the core: only holders of `audit.read` run it, the
// report comes back as the port gave it, each run is audited with the ids
// of its problems, and a core built without a doctor says so.
import { describe, expect, it } from "vitest";
import type { DoctorPort } from "../../../src/governance/admin/index.js";
import { createGovernanceCore } from "../../../src/governance/create-core.js";
import type { DoctorCheckView } from "../../../src/governance/replies.js";
import { coreHarnessForFile } from "../../support/core-harness.js";

const harness = coreHarnessForFile({ jobs: true });

const CHECKS: DoctorCheckView[] = [
  { id: "okta.token", area: "okta", title: "token (6 scopes)", status: "failing", detail: "Okta refused the token request", fix: ["Grant the scopes marked missing below."] },
  { id: "okta.scope.okta.roles.read", area: "okta", title: "scope okta.roles.read", status: "missing", detail: "not granted", fix: ["Grant it."] },
  { id: "slack.auth", area: "slack", title: "auth.test", status: "off", detail: "Slack is off" },
];

/** A port that counts its runs and answers `CHECKS`. */
function countingPort(): DoctorPort & { runs: number } {
  const port = {
    runs: 0,
    async run() {
      port.runs += 1;
      return { checks: CHECKS, ok: false };
    },
  };
  return port;
}

function coreWith(doctor?: DoctorPort) {
  const h = harness();
  return createGovernanceCore({
    store: h.store,
    okta: h.okta,
    policy: h.policy,
    jobs: h.jobs,
    notifier: h.notifier,
    clock: h.clock,
    logger: h.logger,
    identity: { cacheTtlMs: 60_000, matchAttribute: "profile.email" },
    ...(doctor !== undefined && { doctor }),
  });
}

describe("core: doctor", () => {
  it("gives an admin the port's report and audits the run with its problems", async () => {
    const h = harness();
    const port = countingPort();
    const reply = await coreWith(port).doctor(h.actorFor("carol"));
    expect(reply).toEqual({ type: "doctor-report", checks: CHECKS, ok: false });
    expect(port.runs).toBe(1);
    const [entry] = (await h.store.queryAudit({ limit: 20 })).filter((e) => e.action === "doctor.run");
    expect(entry).toMatchObject({ outcome: "succeeded", details: { ok: false, problems: ["okta.token", "okta.scope.okta.roles.read"] } });
  });

  it("refuses a responder naming the admin role and the shared permission, without running a check", async () => {
    const h = harness();
    const port = countingPort();
    const reply = await coreWith(port).doctor(h.actorFor("alice"));
    expect(reply).toMatchObject({ type: "error", code: "not_allowed" });
    const message = reply.type === "error" ? reply.message : "";
    expect(message).toMatch(/^You need the admin role .* to read the audit trail\. The configuration doctor needs the same permission \("audit\.read"\)\.$/);
    expect(port.runs).toBe(0);
  });

  it("answers doctor_unavailable to an admin when the core has no doctor, and still refuses others first", async () => {
    const h = harness();
    const core = coreWith();
    expect(await core.doctor(h.actorFor("carol"))).toMatchObject({ type: "error", code: "doctor_unavailable" });
    expect(await core.doctor(h.actorFor("alice"))).toMatchObject({ type: "error", code: "not_allowed" });
  });

  it("lists the doctor in help", () => {
    const help = coreWith().help();
    const usages = help.type === "help" ? help.entries.map((e) => e.usage) : [];
    expect(usages).toContain("sar doctor");
  });
});

// With a policy that needs no approval, the submitted form starts the launch
// at once: the "creating" message stands in for the card, and the review's
// id is threaded under it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { repoRoot } from "../../support/shared-dir.js";
import { createE2eBench, type E2eBench } from "./support/e2e-bench.js";
import { eventually } from "./support/slack-bench.js";

const NO_APPROVAL = readFileSync(join(repoRoot, "policy.yaml"), "utf8").replace("required: true", "required: false");

describe("Slack launch without approval end to end", () => {
  let e: E2eBench;

  beforeAll(async () => {
    e = await createE2eBench({ policy: NO_APPROVAL });
  });
  afterAll(async () => {
    await e?.close();
  });

  it("creates the review at once and threads its id under the 'creating' message", async () => {
    const view = await e.openForm(SLACK_USERS.alice, "<@U0TARGET|dan.target> phished INC-77");
    await e.submit(SLACK_USERS.alice, view, { target: "@dan.target", reviewers: "erin.reviewer@example.com", durationDays: "3", reason: "phished INC-77", incidentRef: "INC-77" });
    const queued = await e.slack.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Creating a security access review"));
    expect(JSON.stringify(queued.args.blocks)).not.toContain("sar_approve");
    const ts = String(queued.response?.ts);
    const done = await e.slack.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === ts && String(c.args.text).includes("created for"));
    const sars = e.h.sandbox.org.listSars().filter((s) => s.name.includes("INC-77"));
    expect(sars).toHaveLength(1);
    expect(sars[0]?.principalId).toBe(DEMO_USERS.dan.id);
    expect(done.args.text).toContain(sars[0]?.id);
    await eventually("the modal says the review is on its way", () => JSON.stringify(e.view(view.id).blocks).includes("being created"));
  });
});

import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/governance/actor.js";
import { FakeCore as SlackFakeCore } from "../adapters/slack/support/fake-core.js";
import { FakeCore as TeamsFakeCore } from "../adapters/teams/support/fake-core.js";
import { FakeCore } from "./fake-core.js";

const actor: Actor = { platform: "slack", tenantId: "T0DEMO", userId: "U0ALICE", displayName: "alice", correlationId: "c-1" };

describe("the shared fake core", () => {
  it("answers a triage call from either name of the script, and records it under either name", async () => {
    for (const core of [new SlackFakeCore(), new TeamsFakeCore()]) {
      expect(core.overrides).toBe(core.script);
      core.overrides.openTriage = async () => ({ type: "text", text: "from overrides" });
      expect(await core.openTriage(actor, { ref: "sar-1" })).toEqual({ type: "text", text: "from overrides" });
      core.script.triageComment = () => ({ type: "text", text: "from script" });
      expect(await core.triageComment(...([actor, {}] as unknown as Parameters<FakeCore["triageComment"]>))).toEqual({ type: "text", text: "from script" });
      expect(core.callsTo("openTriage")).toEqual(core.callsOf("openTriage"));
      expect(core.callsOf("openTriage")).toHaveLength(1);
      expect(core.actions()).toEqual(["openTriage", "triageComment"]);
      core.reset();
      expect(core.calls).toEqual([]);
      expect(core.overrides.openTriage).toBeUndefined();
    }
  });

  it("keeps each platform's defaults", async () => {
    const form = { values: { target: "dan", reviewers: [], durationDays: 7, reason: "r" }, conversation: { platform: "slack", tenantId: "T", conversationId: "C" }, idempotencyKey: "k" };
    const slack = await new SlackFakeCore().submitLaunch(actor, form as unknown as Parameters<FakeCore["submitLaunch"]>[1]);
    const teams = await new TeamsFakeCore().submitLaunch(actor, form as unknown as Parameters<FakeCore["submitLaunch"]>[1]);
    expect(slack.type).toBe("approval-card");
    expect(teams).toMatchObject({ type: "error", code: "not_scripted" });
  });

  it("turns a throwing script into a rejected promise and claims each inbound key once", async () => {
    const core = new FakeCore();
    core.script.status = () => {
      throw new Error("boom");
    };
    await expect(core.status(actor, "sar-1")).rejects.toThrow("boom");
    expect(await core.claimInbound("k")).toBe(true);
    expect(await core.claimInbound("k")).toBe(false);
  });
});

// The facade the adapters call routes each command to the right service
// and starts the background work, against the sandbox over HTTP.
import { describe, expect, it } from "vitest";
import { createGovernanceCore } from "../../src/governance/create-core.js";
import { createChatState } from "../../src/governance/chat-state.js";
import { coreHarnessForFile } from "../support/core-harness.js";

const harness = coreHarnessForFile({ jobs: true });

function coreOf() {
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
  });
}

describe("createGovernanceCore", () => {
  it("answers help with every command of the product", () => {
    const reply = coreOf().help();
    expect(reply.type).toBe("help");
    const usages = reply.type === "help" ? reply.entries.map((e) => e.usage).join("\n") : "";
    for (const word of ["status", "requests", "message", "watch", "whoami", "link", "audit"]) expect(usages).toContain(word);
  });

  it("routes status of a launch reference to the launch and of a request id to Okta", async () => {
    const h = harness();
    const core = coreOf();
    await core.start();
    const submitted = await core.submitLaunch(h.actorFor("alice"), {
      values: { target: "dan.target@example.com", reviewers: ["erin.reviewer@example.com"], durationDays: 7, reason: "phished" },
      conversation: h.conversation(),
    });
    expect(submitted.type).toBe("approval-card");
    const reference = submitted.type === "approval-card" ? submitted.launch.reference : "";
    const byReference = await core.status(h.actorFor("alice"), reference);
    expect(byReference).toMatchObject({ type: "launch-status", launch: { reference, state: "PENDING_APPROVAL" } });

    const [request] = h.sandbox.org.listRequests();
    const byRequest = await core.status(h.actorFor("alice"), request!.id);
    expect(byRequest).toMatchObject({ type: "request-status", request: { id: request!.id } });
  });

  it("the chat state claims an inbound key once", async () => {
    const chatState = createChatState(harness().store);
    expect(await chatState.claimInbound("slack:retry:abc")).toBe(true);
    expect(await chatState.claimInbound("slack:retry:abc")).toBe(false);
  });

  it("the chat state keeps a conversation reference for later posts", async () => {
    const h = harness();
    const chatState = createChatState(h.store);
    const key = h.conversation({ platform: "teams", threadId: "1:root" });
    await chatState.putConversationReference(key, { serviceUrl: "http://127.0.0.1:1/", conversation: { id: "19:abc" } });
    expect(await chatState.getConversationReference(key)).toEqual({ serviceUrl: "http://127.0.0.1:1/", conversation: { id: "19:abc" } });
  });
});

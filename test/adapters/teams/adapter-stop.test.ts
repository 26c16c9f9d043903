// Stopping the Teams adapter: new activities get 503 at once, and stop()
// resolves only after the turns already in flight have answered (they use
// the core, and so the database, which closes after the adapters stop).
import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../../../src/governance/replies.js";
import { FakeCore } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { plainMessage, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const tick = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("Teams adapter stop()", () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("waits for a turn in flight, which still answers, and refuses new activities meanwhile", async () => {
    const core = new FakeCore();
    const harness = await startTeamsHarness({ core, timings: { messageDeadlineMs: 30_000 } });
    h = harness;
    harness.connector.addMember({ id: alice.id, aadObjectId: alice.aadObjectId, name: alice.name, email: alice.email });
    const release = core.hold("status");
    const inFlight = harness.client.send(plainMessage(harness.connector.serviceUrl, alice, "sar status sar-123"));
    for (let i = 0; i < 100 && core.callsOf("status").length === 0; i++) await tick();
    expect(core.callsOf("status")).toHaveLength(1);

    let stopped = false;
    const stopping = harness.adapter.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    const refused = await harness.client.send(plainMessage(harness.connector.serviceUrl, alice, "help"));
    expect(refused.status).toBe(503);

    release({ type: "text", text: "SAR sar-123 is ACTIVE" } satisfies Reply);
    expect((await inFlight).status).toBeLessThan(300);
    await stopping;
    expect(stopped).toBe(true);
    expect(JSON.stringify(harness.connector.posted)).toContain("SAR sar-123 is ACTIVE");
  });
});

// Starting the Teams adapter: the composition root's Teams settings fit
// as they are, and the start-up log says which mode it runs in (without
// the app password).
import { describe, expect, expectTypeOf, it } from "vitest";
import type { TeamsAdapterConfig } from "../../../src/adapters/teams/index.js";
import { createLazyTeamsAdapter } from "../../../src/adapters/teams/lazy-teams-adapter.js";
import type { TeamsConfig } from "../../../src/config/types.js";
import { fakeCoreAndState } from "./support/fake-core.js";
import { recordingLogger } from "./support/teams-harness.js";

const messages = (lines: string[]) => lines.map((line) => JSON.parse(line) as { level: number; msg: string });

describe("creating the Teams adapter", () => {
  it("takes the parsed TeamsConfig of the composition root as it is", () => {
    expectTypeOf<TeamsConfig>().toMatchTypeOf<TeamsAdapterConfig>();
  });

  it("says at start that local mode has no authentication and takes this machine only", () => {
    const log = recordingLogger();
    // The adapter as the bot composes it (botbuilder loaded at first use) says it at once.
    createLazyTeamsAdapter({ config: { mode: "local" }, ...fakeCoreAndState(), logger: log.logger });
    expect(messages(log.lines)).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/local mode.*no Bot Framework authentication.*this machine only/) }));
  });

  it("names the app id, never the password, when authentication is on", () => {
    const log = recordingLogger();
    const password = "s3cret-app-password";
    createLazyTeamsAdapter({ config: { mode: "authenticated", appType: "SingleTenant", appId: "app-id-1", appPassword: password, tenantId: "tenant-1" }, ...fakeCoreAndState(), logger: log.logger });
    const text = log.lines.join("\n");
    expect(text).toContain("app-id-1");
    expect(text).not.toContain(password);
  });
});

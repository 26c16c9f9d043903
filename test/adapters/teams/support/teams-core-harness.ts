/**
 * The Teams adapter in front of the real governance core (see
 * `contract/chat-core.ts`) and the fake Bot Connector. Teams users are the
 * demo users, with their demo emails in the conversation roster.
 */
import type { RunningCore } from "../../../../src/governance/create-core.js";
import { DEMO_USERS, type CoreHarness, type CoreHarnessOptions, type DemoUserKey } from "../../../support/core-harness.js";
import { startChatCore } from "../../contract/chat-core.js";
import { startTeamsHarness, type TeamsHarness } from "./teams-harness.js";
import { teamsUser, type TeamsUser } from "../../../../src/fakes/teams-client.js";

export interface TeamsCoreHarness {
  h: CoreHarness;
  core: RunningCore;
  teams: TeamsHarness;
  user(key: DemoUserKey): TeamsUser;
  close(): Promise<void>;
}

export async function startTeamsWithCore(options: CoreHarnessOptions = {}): Promise<TeamsCoreHarness> {
  const chat = await startChatCore(options);
  let teams: TeamsHarness;
  try {
    teams = await startTeamsHarness({ core: chat.core, chatState: chat.chatState, logger: chat.h.logger });
  } catch (err) {
    await chat.close();
    throw err;
  }
  chat.notifiers.teams = teams.adapter.notifier;
  const users = new Map<DemoUserKey, TeamsUser>();
  for (const key of Object.keys(DEMO_USERS) as DemoUserKey[]) {
    const user = teamsUser(key, DEMO_USERS[key].email);
    users.set(key, user);
    teams.connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
  }
  return {
    h: chat.h,
    core: chat.core,
    teams,
    user: (key) => {
      const user = users.get(key);
      if (!user) throw new Error(`no Teams user for ${key}`);
      return user;
    },
    async close() {
      await teams.close();
      await chat.close();
    },
  };
}

// With Slack configured, every signed interaction's ack is timed into oig_slack_ack_seconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { postSigned, SIGNING_SECRET, slashCommandBody } from "../../src/fakes/slack-requests.js";
import { startAppUnderTest, type AppUnderTest } from "./app-under-test.js";
import { valueOf } from "./scrape.js";

describe("oig_slack_ack_seconds", () => {
  let slackApi: FakeSlackApi;
  let under: AppUnderTest;

  beforeAll(async () => {
    slackApi = await startFakeSlackApi();
    under = await startAppUnderTest({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slackApi.url });
  });

  afterAll(async () => {
    await under?.close();
    await slackApi?.close();
  });

  const acks = async (): Promise<number> => valueOf((await under.scrape()).samples, "oig_slack_ack_seconds_count", { kind: "command", timed_out: "false" });

  it("counts the ack of a signed slash command, not of a forged one", async () => {
    const before = await acks();
    const res = await postSigned(under.app.url, slashCommandBody({ user: SLACK_USERS.alice, text: "help", responseUrl: slackApi.responseUrl("help") }));
    expect(res.status).toBe(200);
    expect(await acks()).toBe(before + 1);
    const forged = await postSigned(under.app.url, slashCommandBody({ user: SLACK_USERS.alice, text: "help" }), { secret: "wrong" });
    expect(forged.status).toBe(401);
    expect(await acks()).toBe(before + 1);
  });
});

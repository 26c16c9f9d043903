// The doctor's Slack check against a tiny local Slack Web API answering auth.test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor/index.js";
import { check, tempDirPerTest } from "./support.js";

const GOOD_TOKEN = "xoxb-1111-good";

interface SeenCall {
  method: string | undefined;
  path: string | undefined;
  authorization: string | undefined;
}

let server: Server;
let apiUrl: string;
const seen: SeenCall[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, path: req.url, authorization: req.headers.authorization });
    req.resume();
    req.on("end", () => {
      const ok = req.url === "/api/auth.test" && req.headers.authorization === `Bearer ${GOOD_TOKEN}`;
      const body = ok
        ? { ok: true, url: "https://demo.slack.com/", team: "Demo Incident Response", user: "oig-bot", team_id: "T0DEMO", user_id: "U0BOT", bot_id: "B0BOT" }
        : { ok: false, error: "invalid_auth" };
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const cwd = tempDirPerTest("oig-doctor-", { policy: true });
beforeEach(() => {
  seen.length = 0;
});

const slackEnv = (botToken: string) => ({ SLACK_API_URL: apiUrl, SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: "signing-secret" });

describe("doctor: Slack", () => {
  it("names the workspace and the bot user when auth.test accepts the bot token", async () => {
    const report = await runDoctor({ env: slackEnv(GOOD_TOKEN), cwd: cwd() });
    const slack = check(report, "slack.auth");
    expect(slack.status).toBe("ok");
    expect(slack.detail).toBe("workspace Demo Incident Response (T0DEMO), bot user @oig-bot (U0BOT); Slack over HTTP events");
    expect(seen).toEqual([{ method: "POST", path: "/api/auth.test", authorization: `Bearer ${GOOD_TOKEN}` }]);
    expect(report.exitCode).toBe(0);
  });

  it("reports Slack's invalid_auth with the steps to get a working bot token, and never the token", async () => {
    const token = "xoxb-2222-revoked";
    const report = await runDoctor({ env: slackEnv(token), cwd: cwd() });
    const slack = check(report, "slack.auth");
    expect(slack.status).toBe("failing");
    expect(slack.detail).toBe("Slack refused the bot token: invalid_auth");
    expect(slack.fix?.join("\n")).toContain("OAuth & Permissions");
    expect(JSON.stringify(report)).not.toContain(token);
    expect(report.exitCode).toBe(1);
  });

  it("says Slack is off when no Slack setting is present, without calling it", async () => {
    const report = await runDoctor({ env: { SLACK_API_URL: apiUrl }, cwd: cwd() });
    expect(check(report, "slack.auth")).toMatchObject({ status: "off" });
    expect(seen).toEqual([]);
    expect(report.exitCode).toBe(0);
  });
});

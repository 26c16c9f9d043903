/**
 * The bot's peers for a benchmark: the Okta sandbox (generous rate limits,
 * no latency), the fake Slack Web API, a temp dir with the policy, and the
 * environment that points the bot at them.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../src/runtime/package-root.js";
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from "../../src/sandbox/index.js";
import { BOT_TOKEN, startFakeSlackApi, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { SIGNING_SECRET } from "../../src/fakes/slack-requests.js";

export { SIGNING_SECRET };

export const REPO_ROOT = pathToFileURL(`${packageRoot(import.meta.url)}/`);

export const GENEROUS_LIMITS = {
  users: { limit: 1_000_000 },
  token: { limit: 1_000_000 },
  default: { limit: 1_000_000 },
  "governance-sar": { limit: 1_000_000 },
  "governance-requests": { limit: 1_000_000 },
};

export interface Peers {
  dir: string;
  sandbox: RunningSandbox;
  slack: FakeSlackApi;
  /** Environment for `startApp` (or a bot child) using these peers. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export interface PeersOptions {
  /** Launches need no approval (policy.yaml with `required: false`). */
  noApproval?: boolean;
  sandbox?: StartSandboxOptions;
}

export async function startPeers(options: PeersOptions = {}): Promise<Peers> {
  const dir = await mkdtemp(join(tmpdir(), "oig-bench-"));
  const sandbox = await startSandbox({ seed: "demo", rateLimits: GENEROUS_LIMITS, ...options.sandbox });
  const slack = await startFakeSlackApi();
  const policy = await readFile(new URL("policy.yaml", REPO_ROOT), "utf8");
  const policyFile = join(dir, "policy.yaml");
  await writeFile(policyFile, options.noApproval === true ? policy.replace("required: true", "required: false") : policy);
  let dataDirs = 0;
  return {
    dir,
    sandbox,
    slack,
    env: (extra = {}) => ({
      DATA_DIR: join(dir, `data-${++dataDirs}`),
      POLICY_FILE: policyFile,
      OKTA_ORG_URL: sandbox.url,
      OKTA_CLIENT_ID: sandbox.clientId,
      OKTA_PRIVATE_KEY: JSON.stringify(sandbox.privateJwk),
      OKTA_KEY_ID: sandbox.keyId,
      OKTA_SCOPES: sandbox.scopes.join(" "),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.url,
      LOG_LEVEL: "silent",
      ...extra,
    }),
    async close() {
      await slack.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The bot's peers for a benchmark: the Okta sandbox (generous rate limits,
 * no latency), the fake Slack Web API, a temp dir with the policy, and the
 * environment that points the bot at them (the shared rig in
 * src/fakes/whole-bot.ts).
 */
import { pathToFileURL } from "node:url";
import type { StartSandboxOptions } from "../../src/sandbox/index.js";
import { SIGNING_SECRET } from "../../src/fakes/slack-requests.js";
import { PACKAGE_ROOT, startPeers as startRigPeers, type Peers } from "../../src/fakes/whole-bot.js";

export { SIGNING_SECRET, type Peers };

export const REPO_ROOT = pathToFileURL(`${PACKAGE_ROOT}/`);

export const GENEROUS_LIMITS = {
  users: { limit: 1_000_000 },
  token: { limit: 1_000_000 },
  default: { limit: 1_000_000 },
  "governance-sar": { limit: 1_000_000 },
  "governance-requests": { limit: 1_000_000 },
};

export interface PeersOptions {
  /** Launches need no approval (policy.yaml with `required: false`). */
  noApproval?: boolean;
  sandbox?: StartSandboxOptions;
}

export function startPeers(options: PeersOptions = {}): Promise<Peers> {
  return startRigPeers({ ...(options.noApproval === undefined ? {} : { noApproval: options.noApproval }), sandbox: { rateLimits: GENEROUS_LIMITS, ...options.sandbox } });
}

/**
 * The bot's `/readyz` checks, in the order people read them: the database,
 * the policy file, Okta (at most one probe call per half minute), then one
 * line per chat front end. The composition root only hands over the parts.
 */
import type { ChatAdapter } from "../../governance/chat-adapter.js";
import type { OktaGovernance } from "../../governance/ports.js";
import { cachedCheck, oktaReadiness, policyReadiness, type ReadinessCheck } from "./health.js";

export interface BotReadinessParts {
  /** The database connection (PostgreSQL or PGlite): `select 1` must answer. */
  database: { query(sql: string): Promise<unknown> };
  policy: { found: boolean; path: string };
  okta: OktaGovernance;
  /** Which org the Okta line names (the sandbox's URL or the real org's origin). */
  oktaTarget: string;
  adapters: readonly ChatAdapter[];
  /** Slack is off: its line still shows, as `off`, so an operator sees it was not forgotten. */
  slackOff: boolean;
}

export function botReadinessChecks(parts: BotReadinessParts): ReadinessCheck[] {
  return [
    { name: "database", check: async () => (await parts.database.query("select 1"), { status: "ok" }) },
    policyReadiness(parts.policy.found, parts.policy.path),
    cachedCheck(
      oktaReadiness(
        // Matches nobody; proves the token and okta.users.read at the cost of one call per half minute.
        () => parts.okta.findUsersByProfileAttribute("profile.login", "oig-chatops-readiness-probe@invalid.example", { priority: "background" }),
        parts.oktaTarget,
      ),
      30_000,
    ),
    ...parts.adapters.map((adapter): ReadinessCheck => ({ name: adapter.platform, check: () => adapter.readiness() })),
    ...(parts.slackOff ? [{ name: "slack", check: async () => ({ status: "off" as const }) }] : []),
  ];
}

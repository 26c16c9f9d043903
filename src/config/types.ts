/**
 * The bot's configuration as parsed from the environment (PRODUCT.md
 * section 5). Mutually exclusive settings are unions, so code that holds
 * an `OktaConfig` of kind `ssws` cannot reach for a private key.
 */

export type OktaConfig =
  /** OKTA_ORG_URL unset: the built-in sandbox org is started. */
  | { kind: "sandbox" }
  | {
      kind: "privateKeyJwt";
      orgUrl: URL;
      /** OKTA_ADMIN_URL: the org's admin host, where it cannot be derived from `orgUrl`. */
      adminUrl?: URL;
      clientId: string;
      /** PEM or JWK JSON text, from OKTA_PRIVATE_KEY or the file at OKTA_PRIVATE_KEY_FILE. */
      privateKey: string;
      keyId?: string;
      dpop: boolean;
      scopes: string[];
    }
  | { kind: "ssws"; orgUrl: URL; adminUrl?: URL; apiToken: string };

export type SlackConfig =
  | { mode: "off" }
  | { mode: "http"; signingSecret: string; botToken: string; apiUrl: string }
  | { mode: "socket"; appToken: string; botToken: string; signingSecret?: string; apiUrl: string };

/** Bot Framework credentials, by app type (botbuilder's own rules for each). */
export type TeamsConfig =
  /** No MicrosoftAppId: local / emulator mode without authentication, loopback only. */
  | { mode: "local" }
  | { mode: "authenticated"; appType: "MultiTenant"; appId: string; appPassword: string }
  | { mode: "authenticated"; appType: "SingleTenant"; appId: string; appPassword: string; tenantId: string }
  | { mode: "authenticated"; appType: "UserAssignedMSI"; appId: string; tenantId: string };

export type DatabaseConfig =
  | { kind: "postgres"; url: string }
  /** Embedded PostgreSQL; `dataDir` is absolute. */
  | { kind: "pglite"; dataDir: string };

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

export interface IdentityConfig {
  /** How long a chat user's Okta mapping, groups and roles are cached. */
  cacheTtlMs: number;
  /** The Okta profile attribute matched against the chat email, e.g. `profile.email`. */
  matchAttribute: string;
}

/** Okta Event Hooks at `/okta/event-hooks`; off without a shared secret. */
export type EventHooksConfig =
  | { mode: "off" }
  /** `headerName` is lower case; Okta sends `secret` as that header's whole value. */
  | { mode: "on"; secret: string; headerName: string };

/** The audit export: the admin token of `GET /audit/export` (null: the route is off). */
export interface AuditExportConfig {
  token: string | null;
}

/** The OIDC web app of step-up sign-in (docs/step-up.md). */
export type StepUpConfig =
  /** A real org without a step-up app: a policy with `stepUp: true` refuses to start. */
  | { mode: "off" }
  /** The built-in sandbox's demo web app. */
  | { mode: "sandbox" }
  | { mode: "on"; clientId: string; clientSecret: string };

export interface Config {
  port: number;
  /** HOST: the address to listen on (default 0.0.0.0, every interface). */
  host: string;
  okta: OktaConfig;
  slack: SlackConfig;
  teams: TeamsConfig;
  database: DatabaseConfig;
  /** Absolute path of the policy file (it may not exist: then everything is denied). */
  policyFile: string;
  logLevel: LogLevel;
  identity: IdentityConfig;
  eventHooks: EventHooksConfig;
  /** PUBLIC_URL: where people reach the bot (step-up callbacks, download links); null: the address it listens on. */
  publicUrl: URL | null;
  auditExport: AuditExportConfig;
  stepUp: StepUpConfig;
}

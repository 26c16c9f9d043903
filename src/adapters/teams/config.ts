/**
 * The Teams adapter's settings: local (no app id: no authentication,
 * loopback only) or authenticated with Bot Framework credentials. The
 * composition root's `TeamsConfig` fits this shape.
 */
export type TeamsAdapterConfig =
  | { mode: "local" }
  | {
      mode: "authenticated";
      appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
      appId: string;
      appPassword?: string;
      tenantId?: string;
    };

export interface TeamsTimings {
  /** How long an invoke may wait for the core before Teams gets a "working on it" answer (Teams allows 5 s). */
  invokeDeadlineMs: number;
  /** The same for messages (Bot Framework gives up on a turn after 15 s). */
  messageDeadlineMs: number;
  /** How long a Teams member's email and AAD id are remembered. */
  memberCacheTtlMs: number;
}

export const DEFAULT_TIMINGS: TeamsTimings = { invokeDeadlineMs: 4_000, messageDeadlineMs: 8_000, memberCacheTtlMs: 10 * 60_000 };

/** Largest activity body accepted (Teams' own limit on a message is about 100 KB). */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

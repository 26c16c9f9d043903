/**
 * Governance API timestamps as real Okta writes them: whole seconds, no
 * fraction (`2025-08-06T03:21:04Z`, recorded from real orgs), while the
 * management API keeps milliseconds (`...18:19:24.000Z`). A SAR's `endTime`
 * is echoed as the caller sent it (Okta's documented answer keeps `.882Z`).
 */
export function governanceTime(iso: string): string;
export function governanceTime(iso: string | undefined): string | undefined;
export function governanceTime(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(Math.floor(time / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

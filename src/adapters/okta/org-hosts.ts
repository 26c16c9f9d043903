/**
 * The hosts of one Okta org that may receive the bot's credentials: the
 * configured org URL and the org's admin host.
 *
 * Real Okta answers governance lists with `_links.next` / `Link: rel="next"`
 * URLs on the admin host (`https://acme-admin.okta.com/...` for the org
 * `https://acme.okta.com`), recorded from real preview orgs. The client
 * follows such a link as given rather than carrying the cursor back to the
 * org URL, because:
 * - a DPoP proof's `htu` must name the URL actually called, and the link is
 *   the URL Okta asked us to call (rewriting it would sign a URL Okta never
 *   handed out and would rely on both hosts sharing every route);
 * - the admin host is the same org (same authorization server, same token
 *   audience), so the token stays inside the org it was issued by.
 * Any other host (another org, `<org>.at.oktapreview.com`, a lookalike) is
 * refused before a request is made: the token is never sent there.
 */

/** The Okta cell domains whose org hosts have an `-admin` twin (`acme.okta.com` -> `acme-admin.okta.com`). */
const OKTA_DOMAINS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "okta-miltest.com"];

/**
 * The admin origin derived from an org URL on an Okta domain, or `undefined`
 * (custom domains, loopback sandboxes) where it cannot be derived and must be
 * configured.
 */
export function deriveAdminOrigin(orgUrl: URL): string | undefined {
  const host = orgUrl.hostname.toLowerCase();
  const domain = OKTA_DOMAINS.find((d) => host.endsWith(`.${d}`));
  if (domain === undefined) return undefined;
  const sub = host.slice(0, -(domain.length + 1));
  // Only a one-label org name (`acme`), never `acme.at` or deeper: those are other Okta services.
  if (sub === "" || sub.includes(".")) return undefined;
  const admin = sub.endsWith("-admin") ? sub : `${sub}-admin`;
  const port = orgUrl.port === "" ? "" : `:${orgUrl.port}`;
  return `${orgUrl.protocol}//${admin}.${domain}${port}`;
}

/** The origins Okta's links may point at, and the check every followed link goes through. */
export class OrgHosts {
  private readonly allowed: Set<string>;

  /** `adminUrl` overrides the derived admin host (needed for the loopback sandbox). */
  constructor(
    readonly orgUrl: URL,
    adminUrl?: URL,
  ) {
    const admin = adminUrl?.origin ?? deriveAdminOrigin(orgUrl);
    this.allowed = new Set([orgUrl.origin, ...(admin === undefined ? [] : [admin])]);
  }

  /** Whether credentials may go to `url`. */
  allows(url: URL): boolean {
    return this.allowed.has(url.origin);
  }

  /** The origins credentials may go to, the org's first. */
  get origins(): string[] {
    return [...this.allowed];
  }
}

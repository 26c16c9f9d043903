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

/** Loopback hosts (the sandbox, tests): the only ones plain http is accepted for. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `acme-admin.okta.com`: one label ending in `-admin` on an Okta cell domain. */
function isOktaAdminHost(host: string): boolean {
  const domain = OKTA_DOMAINS.find((d) => host.endsWith(`.${d}`));
  if (domain === undefined) return false;
  const sub = host.slice(0, -(domain.length + 1));
  return /^[a-z0-9-]+-admin$/.test(sub);
}

/** `acme.com` for `login.acme.com`; none when only a public suffix-like single label would remain. */
function parentDomain(host: string): string | undefined {
  const labels = host.split(".");
  return labels.length >= 3 ? labels.slice(1).join(".") : undefined;
}

/**
 * Why `adminUrl` cannot be the admin host of the org at `orgUrl` (a sentence
 * naming what is expected), or `undefined` when it can. The bot's tokens go
 * to that host, so an unrelated one is refused rather than trusted:
 * - an org on an Okta domain has exactly one admin host, the derived one;
 * - a loopback org (a sandbox started on its own) has a loopback admin host;
 * - a custom-domain org's admin host is a sibling under the same parent
 *   domain, or the org's `-admin` host on an Okta domain (Okta serves the
 *   admin side of an org on its own domain whatever the custom domain).
 * The org's own origin is always accepted.
 */
export function adminHostProblem(orgUrl: URL, adminUrl: URL): string | undefined {
  if (adminUrl.origin === orgUrl.origin) return undefined;
  const derived = deriveAdminOrigin(orgUrl);
  if (derived !== undefined) {
    return adminUrl.origin === derived ? undefined : `${adminUrl.origin} is not the admin host of ${orgUrl.origin}; that is ${derived}`;
  }
  if (isLoopbackUrl(orgUrl)) {
    return isLoopbackUrl(adminUrl) ? undefined : `${adminUrl.origin} is not a loopback host like the org ${orgUrl.origin}`;
  }
  const org = orgUrl.hostname.toLowerCase();
  const admin = adminUrl.hostname.toLowerCase();
  const parent = parentDomain(org);
  if ((parent !== undefined && parentDomain(admin) === parent) || isOktaAdminHost(admin)) return undefined;
  return (
    `${adminUrl.origin} is unrelated to the org ${orgUrl.origin}; the admin host must be a sibling of the org's host` +
    `${parent === undefined ? "" : ` (under ${parent})`} or the org's -admin host on an Okta domain (e.g. https://acme-admin.okta.com)`
  );
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

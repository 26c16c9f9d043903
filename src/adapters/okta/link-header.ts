/**
 * Okta pages lists with `Link: <...>; rel="next"` headers (and, in the
 * governance API, `_links.next.href` in the body).
 * @see https://developer.okta.com/docs/api/#pagination
 */

/** The URL of the `rel="next"` link of a `Link` header, if any. */
export function nextLinkFromHeader(header: string | null): string | undefined {
  if (!header) return undefined;
  // Several links may share one header, comma-separated; URLs are in <...>.
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const params = m[2] ?? "";
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    if (rel?.split(/\s+/).includes("next")) return m[1];
  }
  return undefined;
}

/** The next-page URL from the header, else from the body's `_links.next.href`. */
export function nextLink(headers: Headers, body: unknown): string | undefined {
  const fromHeader = nextLinkFromHeader(headers.get("link"));
  if (fromHeader) return fromHeader;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const links = (body as { _links?: { next?: { href?: unknown } } })._links;
  const href = links?.next?.href;
  return typeof href === "string" && href.length > 0 ? href : undefined;
}

/** The `after` cursor of a next-page URL. */
export function afterCursor(next: string | URL | undefined, base: URL): string | undefined {
  if (next === undefined) return undefined;
  try {
    return new URL(next, base).searchParams.get("after") ?? undefined;
  } catch {
    return undefined;
  }
}

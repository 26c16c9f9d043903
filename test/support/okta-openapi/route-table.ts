/**
 * Finds the OpenAPI path template a concrete request path belongs to,
 * across all specs. Literal segments beat parameters position by position
 * (`/security-access-reviews/stats` over `/security-access-reviews/{id}`),
 * as OpenAPI requires.
 */
import type { OpenApiDocument, SpecName } from "./load-specs.js";

export interface Route {
  spec: SpecName;
  template: string;
  /** Per segment: a literal, or a matcher capturing named parameters. */
  segments: Segment[];
  pathItem: Record<string, unknown>;
}

type Segment = { literal: string } | { pattern: RegExp; names: string[] };

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Builds the route table of every path in `docs`. */
export function buildRoutes(docs: Record<SpecName, OpenApiDocument>): Route[] {
  const routes: Route[] = [];
  for (const [spec, doc] of Object.entries(docs) as [SpecName, OpenApiDocument][]) {
    for (const [template, pathItem] of Object.entries(doc.paths)) {
      routes.push({ spec, template, pathItem, segments: splitPath(template).map(compileSegment) });
    }
  }
  return routes;
}

/** The most specific route whose template matches `path` (already without query). */
export function matchRoute(routes: Route[], path: string): RouteMatch | undefined {
  const parts = splitPath(path);
  let best: { match: RouteMatch; score: string } | undefined;
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params = matchSegments(route.segments, parts);
    if (!params) continue;
    // One character per segment; "1" (literal) sorts above "0" (parameter).
    const score = route.segments.map((s) => ("literal" in s ? "1" : "0")).join("");
    if (!best || score > best.score) best = { match: { route, params }, score };
  }
  return best?.match;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? "";
    if ("literal" in segment) {
      if (segment.literal !== part) return undefined;
      continue;
    }
    const found = segment.pattern.exec(part);
    if (!found) return undefined;
    for (const [j, name] of segment.names.entries()) params[name] = safeDecode(found[j + 1] ?? "");
  }
  return params;
}

function compileSegment(segment: string): Segment {
  if (!segment.includes("{")) return { literal: segment };
  const names: string[] = [];
  const source = segment
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
      if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

function splitPath(path: string): string[] {
  return path.split("/").slice(1);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

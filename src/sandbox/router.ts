/** Matches a method and path against OpenAPI path templates (`/api/v1/users/{id}`). */
import type { HttpMethod } from "./contract.js";

export interface RoutePattern {
  method: HttpMethod;
  path: string;
}

export type RouteMatch<R> =
  | { kind: "found"; route: R; params: Record<string, string> }
  | { kind: "method-not-allowed" }
  | { kind: "not-found" };

interface Compiled<R> {
  route: R;
  regex: RegExp;
  names: string[];
  literalLength: number;
}

/** A router over `routes`; more literal templates win over ones with parameters. */
export function createRouter<R extends RoutePattern>(routes: readonly R[]): (method: string, path: string) => RouteMatch<R> {
  const compiled = routes.map(compile).sort((a, b) => b.literalLength - a.literalLength);
  return (method, path) => {
    let pathMatched = false;
    for (const candidate of compiled) {
      const match = candidate.regex.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      const params: Record<string, string> = {};
      let decodable = true;
      candidate.names.forEach((name, index) => {
        const raw = match[index + 1] ?? "";
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          decodable = false;
        }
      });
      if (!decodable) return { kind: "not-found" };
      return { kind: "found", route: candidate.route, params };
    }
    return pathMatched ? { kind: "method-not-allowed" } : { kind: "not-found" };
  };
}

function compile<R extends RoutePattern>(route: R): Compiled<R> {
  const names: string[] = [];
  let literalLength = 0;
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param?.[1]) {
        names.push(param[1]);
        return "([^/]+)";
      }
      literalLength += part.length;
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { route, regex: new RegExp(`^${source}$`), names, literalLength };
}

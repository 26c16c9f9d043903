import { describe, expect, it } from "vitest";
import { createRouter } from "../../../src/sandbox/router.js";
import type { RoutePattern } from "../../../src/sandbox/router.js";

const routes: (RoutePattern & { name: string })[] = [
  { name: "getUser", method: "GET", path: "/api/v1/users/{userId}" },
  { name: "me", method: "GET", path: "/api/v1/users/me" },
  { name: "groups", method: "GET", path: "/api/v1/users/{userId}/groups" },
  { name: "message", method: "POST", path: "/governance/api/v2/requests/{requestId}/messages" },
];
const match = createRouter(routes);

describe("route matching on OpenAPI path templates", () => {
  it("names path parameters as the template does, percent-decoded", () => {
    expect(match("GET", "/api/v1/users/alice%40example.com/groups")).toMatchObject({ kind: "found", route: { name: "groups" }, params: { userId: "alice@example.com" } });
    expect(match("POST", "/governance/api/v2/requests/req1/messages")).toMatchObject({ params: { requestId: "req1" } });
  });

  it("a literal segment wins over a parameter, whatever the declaration order", () => {
    expect(match("GET", "/api/v1/users/me")).toMatchObject({ route: { name: "me" } });
    expect(match("GET", "/api/v1/users/00u1")).toMatchObject({ route: { name: "getUser" }, params: { userId: "00u1" } });
  });

  it("tells a known path with another method from an unknown path", () => {
    expect(match("DELETE", "/api/v1/users/00u1")).toEqual({ kind: "method-not-allowed" });
    expect(match("GET", "/api/v1/users/00u1/roles")).toEqual({ kind: "not-found" });
    expect(match("GET", "/api/v1/users/")).toEqual({ kind: "not-found" });
  });

  it("a parameter that is not valid percent-encoding does not match rather than throw", () => {
    expect(match("GET", "/api/v1/users/%E0%A4%A")).toEqual({ kind: "not-found" });
  });
});

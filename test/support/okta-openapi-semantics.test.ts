// OpenAPI 3.0 rules the validator must honour, pinned on a small hand-written
// spec so they hold whatever the published Okta specs contain.
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "./okta-openapi/load-specs.js";
import { createOktaContract } from "./okta-openapi.js";

const json = (schema: unknown): unknown => ({ content: { "application/json": { schema } } });

const governance: OpenApiDocument = {
  openapi: "3.0.3",
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        parameters: [
          { name: "orderBy", in: "query", explode: false, schema: { type: "array", maxItems: 2, items: { type: "string", enum: ["name", "created"] } } },
          { name: "after", in: "query", schema: { type: "string" } },
          { $ref: "#/components/parameters/tenant" },
        ],
        responses: { "200": { description: "ok", ...(json({ type: "array", items: { $ref: "#/components/schemas/thing" } }) as object) }, "4XX": { $ref: "#/components/responses/problem" } },
      },
      post: {
        operationId: "createThing",
        requestBody: { required: true, ...(json({ $ref: "#/components/schemas/thing" }) as object) },
        responses: { "201": { description: "created", ...(json({ $ref: "#/components/schemas/thing" }) as object) }, default: { $ref: "#/components/responses/problem" } },
      },
    },
    "/pets": {
      post: {
        operationId: "createPet",
        requestBody: json({ $ref: "#/components/schemas/Pet" }),
        responses: { "204": { description: "no content" } },
      },
    },
  },
  components: {
    parameters: { tenant: { name: "X-Tenant", in: "header", required: true, schema: { type: "string", minLength: 3 } } },
    responses: { problem: { description: "problem", ...(json({ type: "object", required: ["message"], properties: { message: { type: "string" } } }) as object) } },
    schemas: {
      thing: {
        type: "object",
        required: ["id", "name", "secret"],
        properties: {
          id: { $ref: "#/components/schemas/readOnlyId" },
          name: { type: "string" },
          secret: { type: "string", writeOnly: true },
          parent: { nullable: true, allOf: [{ $ref: "#/components/schemas/ref" }] },
        },
      },
      readOnlyId: { type: "string", readOnly: true },
      ref: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
      Pet: {
        type: "object",
        required: ["kind"],
        properties: { kind: { type: "string", enum: ["cat", "dog", "fish"] } },
        discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat", dog: "Dog" } },
      },
      Cat: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object", required: ["lives"], properties: { lives: { type: "integer", maximum: 9 } } }] },
      Dog: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object", required: ["bark"], properties: { bark: { type: "boolean" } } }] },
    },
  },
};
const empty: OpenApiDocument = { openapi: "3.0.3", paths: {} };
const contract = createOktaContract({ governance, management: empty, oauth: empty });
const headers = { "x-tenant": "acme" };

describe("OpenAPI semantics of the contract validator", () => {
  it("a readOnly property is not required in a request but is in a response", () => {
    expect(contract.validateRequest({ method: "POST", url: "/things", headers, body: { name: "a", secret: "s" } }).errors).toEqual([]);
    expect(contract.validateResponse({ method: "POST", url: "/things" }, { status: 201, body: { name: "a" } }).errors).toEqual([
      "POST /things response 201 body: must have required property 'id'",
    ]);
  });

  it("a writeOnly property is required in a request but not in a response", () => {
    expect(contract.validateRequest({ method: "POST", url: "/things", body: { name: "a" } }).errors).toEqual([
      "POST /things request body: must have required property 'secret'",
    ]);
    expect(contract.validateResponse({ method: "POST", url: "/things" }, { status: 201, body: { id: "1", name: "a" } }).errors).toEqual([]);
  });

  it("nullable without a type accepts null and still checks non-null values", () => {
    const check = (parent: unknown): string[] => contract.validateResponse({ method: "POST", url: "/things" }, { status: 201, body: { id: "1", name: "a", parent } }).errors;
    expect(check(null)).toEqual([]);
    expect(check({ id: "p" })).toEqual([]);
    expect(check({}).join("\n")).toContain("/parent must have required property 'id'");
  });

  it("a discriminator checks the subtype its value maps to, by explicit or bare-name mapping", () => {
    const pet = (body: unknown): string[] => contract.validateRequest({ method: "POST", url: "/pets", body }).errors;
    expect(pet({ kind: "cat", lives: 9 })).toEqual([]);
    expect(pet({ kind: "cat", lives: 10 })).toEqual(["POST /pets request body: /lives must be <= 9"]);
    expect(pet({ kind: "dog" })).toEqual(["POST /pets request body: must have required property 'bark'"]);
    // Not in the mapping: only the base schema applies.
    expect(pet({ kind: "fish" })).toEqual([]);
    expect(pet({ kind: "bird" }).join("\n")).toContain("/kind must be equal to one of the allowed values: cat, dog, fish");
  });

  it("a range status (4XX) and a default response document statuses not listed one by one", () => {
    expect(contract.validateResponse({ method: "GET", url: "/things" }, { status: 409, body: { message: "conflict" } }).errors).toEqual([]);
    expect(contract.validateResponse({ method: "GET", url: "/things" }, { status: 503, body: { message: "x" } }).errors).toEqual([
      "GET /things response status 503 is not documented (documented: 200, 4XX)",
    ]);
    expect(contract.validateResponse({ method: "POST", url: "/things" }, { status: 503, body: {} }).errors).toEqual([
      "POST /things response 503 body: must have required property 'message'",
    ]);
  });

  it("a comma-separated array parameter (explode: false) is split and each item checked", () => {
    expect(contract.validateRequest({ method: "GET", url: "/things?orderBy=name,created", headers }).errors).toEqual([]);
    expect(contract.validateRequest({ method: "GET", url: "/things?orderBy=name,size", headers }).errors.join("\n")).toContain(
      "query parameter orderBy: /1 must be equal to one of the allowed values: name, created",
    );
  });

  it("a repeated scalar query parameter fails", () => {
    expect(contract.validateRequest({ method: "GET", url: "/things?after=a&after=b", headers }).errors).toEqual(["GET /things query parameter after is given 2 times"]);
  });

  it("a required header parameter (by $ref) is checked case-insensitively", () => {
    expect(contract.validateRequest({ method: "GET", url: "/things" }).errors).toEqual(["GET /things header parameter X-Tenant is required"]);
    expect(contract.validateRequest({ method: "GET", url: "/things", headers: { "X-TENANT": "ab" } }).errors).toEqual([
      "GET /things header parameter X-Tenant: must NOT have fewer than 3 characters",
    ]);
  });

  it("a body sent to an operation that takes none fails", () => {
    expect(contract.validateRequest({ method: "GET", url: "/things", headers, body: { q: 1 } }).errors).toEqual(["GET /things request body: the operation takes no body"]);
  });

  it("a dangling $ref is reported as an error instead of throwing", () => {
    const broken: OpenApiDocument = { paths: { "/x": { post: { operationId: "x", requestBody: json({ $ref: "#/components/schemas/missing" }), responses: { "200": { description: "ok" } } } } } };
    const errors = createOktaContract({ governance: broken, management: empty, oauth: empty }).validateRequest({ method: "POST", url: "/x", body: {} }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^POST \/x request body: schema at governance\.yaml .* does not compile: can't resolve reference #\/components\/schemas\/missing/);
  });
});

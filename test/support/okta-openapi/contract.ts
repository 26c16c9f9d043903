/**
 * The Okta API contract: finds the operation a request targets in the
 * official specs and reports every way a request or response departs
 * from what the operation documents.
 */
import { bodyErrors, hasBody } from "./bodies.js";
import type { OpenApiDocument, SpecName } from "./load-specs.js";
import { isObject } from "./normalise.js";
import { follow, type OperationRef, parameterErrors } from "./parameters.js";
import { buildRoutes, matchRoute, type Route } from "./route-table.js";
import { pointer, SchemaValidators } from "./schema-validators.js";

export interface ValidationResult {
  operationId?: string;
  errors: string[];
}

export interface RequestToCheck {
  method: string;
  /** Absolute URL, or a path with an optional query. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ResponseToCheck {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface OktaContract {
  validateRequest(r: RequestToCheck): ValidationResult;
  validateResponse(r: { method: string; url: string }, res: ResponseToCheck): ValidationResult;
}

/** Builds the contract over parsed specs (see `loadOktaContract` for the cached, file-backed one). */
export function createOktaContract(docs: Record<SpecName, OpenApiDocument>): OktaContract {
  const routes = buildRoutes(docs);
  const validators = new SchemaValidators(docs);

  return {
    validateRequest(r) {
      const found = findOperation(routes, docs, r);
      if ("error" in found) return { errors: [found.error] };
      const { op, label, params, query } = found;
      const headers = r.headers ?? {};
      const errors = parameterErrors(op, validators, { path: params, query, headers }).map((e) => `${label} ${e}`);

      const requestBody = follow(op.doc, op.operation.requestBody, pointer("", "paths", op.template, op.method, "requestBody"));
      if (!isObject(requestBody.node)) {
        if (hasBody(r.body)) errors.push(`${label} request body: the operation takes no body`);
      } else if (!hasBody(r.body)) {
        if (requestBody.node.required === true) errors.push(`${label} request body is required`);
      } else {
        const phrases = bodyErrors(
          {
            spec: op.spec,
            doc: op.doc,
            content: requestBody.node.content,
            contentPointer: pointer(requestBody.at, "content"),
            kind: "requestBody",
            contentType: headerValue(headers, "content-type"),
            body: r.body,
          },
          validators,
        );
        errors.push(...phrases.map((e) => `${label} request body: ${e}`));
      }
      return withOperation(op, errors);
    },

    validateResponse(r, res) {
      const found = findOperation(routes, docs, r);
      if ("error" in found) return { errors: [found.error] };
      const { op, label } = found;
      const responses = isObject(op.operation.responses) ? op.operation.responses : {};
      const status = String(res.status);
      const key = [status, `${status[0]}XX`, `${status[0]}xx`, "default"].find((k) => k in responses);
      if (key === undefined) {
        return withOperation(op, [`${label} response status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`]);
      }
      const response = follow(op.doc, responses[key], pointer("", "paths", op.template, op.method, "responses", key));
      const content = isObject(response.node) ? response.node.content : undefined;
      const prefix = `${label} response ${status} body`;
      if (!isObject(content) || Object.keys(content).length === 0) {
        return withOperation(op, hasBody(res.body) ? [`${prefix}: the operation documents no body for this status`] : []);
      }
      if (!hasBody(res.body)) return withOperation(op, [`${prefix} is missing`]);
      const phrases = bodyErrors(
        {
          spec: op.spec,
          doc: op.doc,
          content,
          contentPointer: pointer(response.at, "content"),
          kind: "responseBody",
          contentType: headerValue(res.headers ?? {}, "content-type"),
          body: res.body,
        },
        validators,
      );
      return withOperation(op, phrases.map((e) => `${prefix}: ${e}`));
    },
  };
}

interface FoundOperation {
  op: OperationRef;
  /** `METHOD /path` as sent, the prefix of every error. */
  label: string;
  params: Record<string, string>;
  query: URLSearchParams;
}

function findOperation(
  routes: Route[],
  docs: Record<SpecName, OpenApiDocument>,
  r: { method: string; url: string },
): FoundOperation | { error: string } {
  const method = r.method.toLowerCase();
  let url: URL;
  try {
    url = new URL(r.url, "http://okta.invalid");
  } catch {
    return { error: `${r.method.toUpperCase()} ${r.url}: not a URL` };
  }
  const label = `${method.toUpperCase()} ${url.pathname}`;
  const match = matchRoute(routes, url.pathname);
  if (!match) return { error: `${label}: no such path in the Okta specs` };
  const operation = match.route.pathItem[method];
  if (!isObject(operation)) {
    const documented = Object.keys(match.route.pathItem).filter((k) => isObject(match.route.pathItem[k]) && k !== "parameters");
    return { error: `${label}: method not documented for ${match.route.template} (documented: ${documented.map((m) => m.toUpperCase()).join(", ")})` };
  }
  const op: OperationRef = {
    spec: match.route.spec,
    doc: docs[match.route.spec],
    template: match.route.template,
    method,
    operation,
    pathItem: match.route.pathItem,
  };
  return { op, label, params: match.params, query: url.searchParams };
}

function withOperation(op: OperationRef, errors: string[]): ValidationResult {
  const operationId = op.operation.operationId;
  return typeof operationId === "string" ? { operationId, errors } : { errors };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

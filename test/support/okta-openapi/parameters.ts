/**
 * Checks a request's path, query and header parameters against an
 * operation's `parameters` (path-level and operation-level, the latter
 * overriding by name and location).
 */
import type { OpenApiDocument, SpecName } from "./load-specs.js";
import { isObject, nodeAt, resolveLocal } from "./normalise.js";
import { describeErrors, pointer, type SchemaValidators } from "./schema-validators.js";

export interface OperationRef {
  spec: SpecName;
  doc: OpenApiDocument;
  template: string;
  method: string;
  operation: Record<string, unknown>;
  pathItem: Record<string, unknown>;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  explode: boolean;
  /** JSON pointer of the parameter's schema, or undefined when it has none. */
  schemaPointer: string | undefined;
  isArray: boolean;
}

// OpenAPI: "If in is header and the name is Accept, Content-Type or
// Authorization, the parameter definition SHALL be ignored."
const ignoredHeaders = new Set(["accept", "content-type", "authorization"]);

/** Errors (unprefixed phrases) for the parameters of one request. */
export function parameterErrors(
  op: OperationRef,
  validators: SchemaValidators,
  given: { path: Record<string, string>; query: URLSearchParams; headers: Record<string, string> },
): string[] {
  const errors: string[] = [];
  const params = operationParameters(op);
  const headers = lowerCaseKeys(given.headers);

  for (const param of params) {
    let raw: string[];
    if (param.in === "path") raw = given.path[param.name] === undefined ? [] : [given.path[param.name]!];
    else if (param.in === "query") raw = given.query.getAll(param.name);
    else if (param.in === "header") {
      if (ignoredHeaders.has(param.name.toLowerCase())) continue;
      const value = headers[param.name.toLowerCase()];
      raw = value === undefined ? [] : [value];
    } else continue; // cookies: the bot sends none
    const label = `${param.in} parameter ${param.name}`;

    if (raw.length === 0) {
      if (param.required) errors.push(`${label} is required`);
      continue;
    }
    if (!param.isArray && raw.length > 1) {
      errors.push(`${label} is given ${raw.length} times`);
      continue;
    }
    if (param.schemaPointer === undefined) continue;
    const value = param.isArray ? (param.explode ? raw : raw.flatMap((v) => v.split(","))) : raw[0];
    const validate = validators.validatorAt("parameter", op.spec, param.schemaPointer);
    if ("compileError" in validate) {
      errors.push(`${label}: ${validate.compileError}`);
      continue;
    }
    // Ajv coerces the strings to the schema's types, as a server parses them.
    if (!validate(value)) for (const phrase of describeErrors(validate.errors)) errors.push(`${label}: ${phrase}`);
  }

  const documented = new Set(params.filter((p) => p.in === "query").map((p) => p.name));
  for (const name of new Set(given.query.keys())) {
    if (!documented.has(name)) errors.push(`query parameter ${name} is not documented for this operation`);
  }
  return errors;
}

function operationParameters(op: OperationRef): Parameter[] {
  const pathPointer = pointer("", "paths", op.template);
  const byKey = new Map<string, Parameter>();
  const collect = (list: unknown, base: string): void => {
    if (!Array.isArray(list)) return;
    for (const [i, entry] of list.entries()) {
      const { node, at } = follow(op.doc, entry, pointer(base, "parameters", String(i)));
      if (!isObject(node) || typeof node.name !== "string" || typeof node.in !== "string") continue;
      const schema = resolveLocal(op.doc, node.schema);
      const style = typeof node.style === "string" ? node.style : node.in === "query" ? "form" : "simple";
      byKey.set(`${node.in}:${node.name}`, {
        name: node.name,
        in: node.in,
        required: node.required === true || node.in === "path",
        explode: typeof node.explode === "boolean" ? node.explode : style === "form",
        schemaPointer: node.schema === undefined ? undefined : pointer(at, "schema"),
        isArray: isObject(schema) && schema.type === "array",
      });
    }
  };
  collect(op.pathItem.parameters, pathPointer);
  collect(op.operation.parameters, pointer(pathPointer, op.method));
  return [...byKey.values()];
}

/** Follows `$ref`s from `node` (found at `at`), returning the target and its pointer. */
export function follow(doc: OpenApiDocument, node: unknown, at: string): { node: unknown; at: string } {
  let current = node;
  let where = at;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#/"); hops++) {
    where = current.$ref.slice(1);
    current = nodeAt(doc, where);
  }
  return { node: current, at: where };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

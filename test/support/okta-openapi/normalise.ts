/**
 * Rewrites an OpenAPI 3.0 document so Ajv validates it the way OpenAPI
 * means it, for one direction of traffic:
 * - `readOnly` properties are not required in requests, `writeOnly` ones
 *   not in responses;
 * - `nullable` without `type` (which Ajv refuses) becomes `anyOf [.., null]`;
 * - `discriminator` picks the mapped schema by the property's value instead
 *   of `oneOf` (whose branches overlap in Okta's specs, so plain `oneOf`
 *   would reject valid data).
 * The input is never mutated; the result shares only untouched leaves.
 */
import type { OpenApiDocument } from "./load-specs.js";

export type Direction = "request" | "response";

type Json = Record<string, unknown>;

const baseSuffix = "_discriminatorBase";

/** Returns a copy of `doc` adjusted for `direction`, plus every `format` name it uses. */
export function normaliseDocument(doc: OpenApiDocument, direction: Direction): { doc: OpenApiDocument; formats: Set<string> } {
  const formats = new Set<string>();
  const hidden = direction === "request" ? "readOnly" : "writeOnly";
  const copy = transform(doc, false) as OpenApiDocument;
  splitDiscriminatorBases(copy);
  return { doc: copy, formats };

  function transform(node: unknown, inNameMap: boolean): unknown {
    if (Array.isArray(node)) return node.map((item) => transform(item, false));
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      // Examples are never validated against; skip their (large) subtrees.
      if (!inNameMap && (key === "example" || key === "examples")) continue;
      out[key] = transform(value, !inNameMap && nameMapKeys.has(key));
    }
    if (inNameMap) return out;
    if (typeof out.format === "string") formats.add(out.format);
    if (Array.isArray(out.required) && isObject(out.properties)) {
      const properties = out.properties;
      out.required = out.required.filter((name) => !isHidden(properties[String(name)]));
    }
    if (out.nullable !== undefined && out.type === undefined) {
      const nullable = out.nullable === true;
      delete out.nullable;
      if (nullable) return { anyOf: [out, { type: "null" }] };
    }
    if (isObject(out.discriminator)) return dispatchOnDiscriminator(out);
    return out;
  }

  function isHidden(schema: unknown): boolean {
    const resolved = resolveLocal(doc, schema);
    return isObject(resolved) && resolved[hidden] === true;
  }
}

// Keys whose values map names to schemas, so their own keys are names (a
// property may well be called `example` or `format`).
const nameMapKeys = new Set([
  "properties", "patternProperties", "definitions", "schemas", "parameters", "responses", "requestBodies",
  "headers", "paths", "content", "mapping", "encoding", "links", "callbacks", "securitySchemes",
]);

function dispatchOnDiscriminator(schema: Json): Json {
  const discriminator = schema.discriminator as Json;
  const property = discriminator.propertyName;
  if (typeof property !== "string") return schema;
  const branches = schema.oneOf ?? schema.anyOf;
  const mapping = discriminatorMapping(discriminator, Array.isArray(branches) ? branches : []);
  if (mapping.size === 0) return schema;
  const { discriminator: _ignored, oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
  const clauses: Json[] = [...mapping].map(([value, ref]) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    then: { $ref: ref },
  }));
  if (Array.isArray(branches)) {
    // With oneOf/anyOf the mapping is the whole set of allowed values.
    clauses.unshift({ properties: { [property]: { enum: [...mapping.keys()] } }, required: [property] });
    return { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), ...clauses] };
  }
  // A base schema whose subtypes extend it (`allOf: [base, ...]`): marked so
  // that splitDiscriminatorBases can break the base -> subtype -> base cycle.
  return { ...rest, "x-discriminator-dispatch": clauses };
}

function discriminatorMapping(discriminator: Json, branches: unknown[]): Map<string, string> {
  const mapping = new Map<string, string>();
  if (isObject(discriminator.mapping)) {
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      if (typeof target === "string") mapping.set(value, target.startsWith("#") ? target : `#/components/schemas/${target}`);
    }
  }
  const mappedRefs = new Set(mapping.values());
  for (const branch of branches) {
    // OpenAPI's implicit mapping: the schema's name is the value.
    const ref = isObject(branch) ? branch.$ref : undefined;
    if (typeof ref === "string" && !mappedRefs.has(ref)) mapping.set(ref.split("/").pop() ?? ref, ref);
  }
  return mapping;
}

/**
 * For each component schema `S` marked by dispatchOnDiscriminator: moves its
 * own constraints to `S_discriminatorBase`, makes `S` = base + dispatch, and
 * points the subtypes' `allOf` references to the base instead of `S`.
 */
function splitDiscriminatorBases(doc: OpenApiDocument): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObject(schema) || !Array.isArray(schema["x-discriminator-dispatch"])) continue;
    const { "x-discriminator-dispatch": clauses, ...base } = schema as Json & { "x-discriminator-dispatch": Json[] };
    const ownRef = `#/components/schemas/${name}`;
    const baseRef = `#/components/schemas/${name}${baseSuffix}`;
    schemas[`${name}${baseSuffix}`] = base;
    schemas[name] = { allOf: [{ $ref: baseRef }, ...clauses] };
    for (const clause of clauses) {
      const target = resolveLocal(doc, clause.then);
      if (!isObject(target) || !Array.isArray(target.allOf)) continue;
      target.allOf = target.allOf.map((part) => (isObject(part) && part.$ref === ownRef ? { $ref: baseRef } : part));
    }
  }
}

/** Follows local `$ref`s (`#/...`) until a schema that is not a reference. */
export function resolveLocal(doc: OpenApiDocument, schema: unknown): unknown {
  let current = schema;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#/"); hops++) {
    current = nodeAt(doc, current.$ref.slice(1));
  }
  return current;
}

/** The node at a JSON pointer (as written in a `$ref` fragment), or undefined. */
export function nodeAt(doc: OpenApiDocument, jsonPointer: string): unknown {
  return jsonPointer
    .split("/")
    .slice(1)
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), doc);
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

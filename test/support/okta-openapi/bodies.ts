/**
 * Checks a request or response body against the `content` map of a request
 * body or response object: picks the media type (from `content-type`, else
 * the only or the JSON one documented), decodes the body (JSON text, form
 * fields) and validates it against that media type's schema.
 */
import type { OpenApiDocument, SpecName } from "./load-specs.js";
import { isObject } from "./normalise.js";
import { describeErrors, pointer, type SchemaValidators } from "./schema-validators.js";

const formType = "application/x-www-form-urlencoded";

export interface BodyCheck {
  spec: SpecName;
  doc: OpenApiDocument;
  /** The `content` map and its JSON pointer. */
  content: unknown;
  contentPointer: string;
  kind: "requestBody" | "responseBody";
  contentType: string | undefined;
  body: unknown;
}

/** Errors (unprefixed phrases) for one body. */
export function bodyErrors(check: BodyCheck, validators: SchemaValidators): string[] {
  const content = isObject(check.content) ? check.content : {};
  const documented = Object.keys(content);
  const given = check.contentType?.split(";")[0]?.trim().toLowerCase();
  const mediaType = given === undefined || given === "" ? defaultMediaType(documented) : matchMediaType(documented, given);
  if (mediaType === undefined) {
    return [`content type ${given ?? "(none)"} is not documented (documented: ${documented.join(", ") || "none"})`];
  }
  const media = content[mediaType];
  if (!isObject(media) || media.schema === undefined) return [];

  const decoded = decode(check.body, mediaType);
  if ("error" in decoded) return [decoded.error];
  const validate = validators.validatorAt(
    // Form fields arrive as strings; the parameter validator coerces them.
    mediaType === formType ? "parameter" : check.kind,
    check.spec,
    pointer(check.contentPointer, mediaType, "schema"),
  );
  if ("compileError" in validate) return [validate.compileError];
  return validate(decoded.value) ? [] : describeErrors(validate.errors);
}

/** Whether a body counts as present (an empty string does not). */
export function hasBody(body: unknown): boolean {
  return body !== undefined && body !== null && body !== "";
}

function defaultMediaType(documented: string[]): string | undefined {
  if (documented.length === 1) return documented[0];
  return documented.find((type) => isJson(type));
}

function matchMediaType(documented: string[], given: string): string | undefined {
  const [type] = given.split("/");
  return (
    documented.find((d) => d.toLowerCase() === given) ??
    documented.find((d) => d.toLowerCase() === `${type}/*`) ??
    documented.find((d) => d === "*/*") ??
    (isJson(given) ? documented.find((d) => isJson(d)) : undefined)
  );
}

function isJson(type: string): boolean {
  return /^application\/([\w.-]+\+)?json$/i.test(type.split(";")[0]?.trim() ?? "");
}

function decode(body: unknown, mediaType: string): { value: unknown } | { error: string } {
  if (mediaType === formType) {
    // Copied into a fresh object: coercion writes into the data it checks.
    if (typeof body === "string") return { value: formFields(new URLSearchParams(body)) };
    if (body instanceof URLSearchParams) return { value: formFields(body) };
    if (isObject(body)) return { value: structuredClone(body) };
    return { error: `form body must be a string, URLSearchParams or an object of fields (got ${typeof body})` };
  }
  if (isJson(mediaType) && typeof body === "string") {
    try {
      return { value: JSON.parse(body) as unknown };
    } catch {
      return { error: "body is not valid JSON" };
    }
  }
  return { value: body };
}

function formFields(params: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    fields[key] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}

/**
 * Ajv validators for schemas inside the Okta specs, compiled lazily by JSON
 * pointer and cached by Ajv itself. Each spec document is added to Ajv under
 * its own id, so `#/components/schemas/x` resolves within its document.
 * Three Ajv instances, because one schema means different things by use:
 * request bodies (readOnly not required), response bodies (writeOnly not
 * required), and parameters / form fields (strings coerced to the schema's
 * types, as a server parses them).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formatsPluginModule from "ajv-formats";
import type { OpenApiDocument, SpecName } from "./load-specs.js";
import { type Direction, normaliseDocument } from "./normalise.js";

export type ValidatorKind = "requestBody" | "responseBody" | "parameter";

// ajv-formats is CommonJS: under NodeNext the default import is
// `module.exports`, whose `default` is the plugin itself.
const addFormats = formatsPluginModule.default;

export class SchemaValidators {
  private readonly instances = new Map<Direction | "parameter", Ajv>();
  private readonly normalised = new Map<Direction, ReturnType<typeof normaliseDocument>[]>();

  constructor(private readonly docs: Record<SpecName, OpenApiDocument>) {}

  /** The validator for the schema at `pointer` (a JSON pointer into `spec`), or why there is none. */
  validatorAt(kind: ValidatorKind, spec: SpecName, pointer: string): ValidateFunction | { compileError: string } {
    const ajv = this.instance(kind === "requestBody" ? "request" : kind === "responseBody" ? "response" : "parameter");
    const ref = `${specId(spec)}#${pointer.split("/").map(encodeURIComponent).join("/")}`;
    try {
      const validate = ajv.getSchema(ref);
      return validate ?? { compileError: `no schema at ${spec}.yaml ${pointer}` };
    } catch (error) {
      return { compileError: `schema at ${spec}.yaml ${pointer} does not compile: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private instance(use: Direction | "parameter"): Ajv {
    const existing = this.instances.get(use);
    if (existing) return existing;
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      coerceTypes: use === "parameter" ? "array" : false,
      logger: false,
    });
    addFormats(ajv);
    const direction = use === "response" ? "response" : "request";
    const specs = Object.entries(this.docs) as [SpecName, OpenApiDocument][];
    const normalised = this.normalised.get(direction) ?? specs.map(([, doc]) => normaliseDocument(doc, direction));
    this.normalised.set(direction, normalised);
    for (const [i, [spec]] of specs.entries()) {
      const { doc, formats } = normalised[i]!;
      // Okta's own formats (okta-user-id, scim-filter, ...) are names, not rules.
      for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
      // Ajv only reads the schemas (its caches live on the instance), so the
      // parameter instance can share the request direction's documents.
      ajv.addSchema(doc, specId(spec));
    }
    this.instances.set(use, ajv);
    return ajv;
  }
}

/** The Ajv id of a spec document; absolute, so `#/...` references inside it resolve against it. */
export function specId(spec: SpecName): string {
  return `https://okta-openapi.invalid/${spec}.yaml`;
}

/** JSON pointer of `keys` (unescaped) below `base`. */
export function pointer(base: string, ...keys: string[]): string {
  return base + keys.map((key) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** Ajv errors as readable phrases: `/a/b must be integer`, `must have required property 'x'`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  // Set: a property required by two allOf branches is reported once.
  const phrases = new Set(
    (errors ?? [])
      // "must match then schema" only repeats the errors of the branch itself.
      .filter((error) => error.keyword !== "if")
      .map((error) => {
        const where = error.instancePath === "" ? "" : `${error.instancePath} `;
        return `${where}${error.message ?? "is invalid"}${detail(error)}`;
      }),
  );
  return [...phrases];
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) return `: ${params.allowedValues.map(String).join(", ")}`;
  if (error.keyword === "additionalProperties") return ` ('${String(params.additionalProperty)}')`;
  if (error.keyword === "const") return ` (${JSON.stringify(params.allowedValue)})`;
  return "";
}

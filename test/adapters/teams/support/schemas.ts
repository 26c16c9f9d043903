/**
 * Validators for the official schemas in shared/schemas: Adaptive Cards
 * 1.5 (draft-06, compiles strictly) and the Teams app manifest v1.30
 * (declares draft-04, uses `\p{L}` patterns: Ajv draft-04 with unicode
 * regular expressions).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import formatsPluginModule from "ajv-formats";
import { sharedDir } from "../../../support/shared-dir.js";

// Both packages are CommonJS: under NodeNext the default import is `module.exports`.
const addFormats = formatsPluginModule.default;
const AjvDraft04 = AjvDraft04Module.default;
const require = createRequire(import.meta.url);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`).join("\n");
}

let cardValidator: ValidateFunction | undefined;

/** The Adaptive Cards 1.5.0 validator (strict compile). */
export function adaptiveCardValidator(): ValidateFunction {
  if (cardValidator) return cardValidator;
  const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addMetaSchema(readJson(require.resolve("ajv/dist/refs/json-schema-draft-06.json")));
  // The schema's descriptive keywords (Adaptive Cards' own) are not validation keywords.
  ajv.addKeyword("version");
  ajv.addKeyword("features");
  ajv.addKeyword("example");
  // The document names itself with draft-04's `id`; draft-06 (its declared dialect) spells it `$id`.
  const { id, ...schema } = readJson(join(sharedDir, "schemas/adaptive-cards/1.5.0/adaptive-card.json"));
  cardValidator = ajv.compile({ ...schema, $id: String(id) });
  return cardValidator;
}

/** The Teams manifest v1.30 validator. */
export function teamsManifestValidator(): ValidateFunction {
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  return ajv.compile(readJson(join(sharedDir, "schemas/teams-manifest/MicrosoftTeams.schema.json")));
}

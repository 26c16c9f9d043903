/**
 * Known faults of the published Okta specs that touch operations the bot
 * uses, each repaired as narrowly as possible and with the reason. Anything
 * not listed here is taken exactly as published.
 */
import type { OpenApiDocument, SpecName } from "./load-specs.js";
import { isObject } from "./normalise.js";

export interface Erratum {
  spec: SpecName;
  description: string;
  apply(doc: OpenApiDocument): void;
}

export const errata: Erratum[] = [
  {
    spec: "governance",
    description:
      "`#/components/schemas/security-access-review-reviewer-settings` is referenced (the SAR create request and " +
      "SAR responses) but never defined; its published sibling `security-access-review-reviewer-settings-response` " +
      "has the documented shape ({ type: USER, userSettings: { includedUserIds } }), so the missing name refers to it.",
    apply(doc) {
      const schemas = doc.components?.schemas;
      if (schemas && !("security-access-review-reviewer-settings" in schemas)) {
        schemas["security-access-review-reviewer-settings"] = {
          $ref: "#/components/schemas/security-access-review-reviewer-settings-response",
        };
      }
    },
  },
  {
    spec: "governance",
    description:
      "`#/components/schemas/governance-label` is referenced (the governanceLabels of SAR accesses) but never " +
      "defined; the spec's own generated examples show { labelId, name, values: [string] }, so that shape is " +
      "checked, with nothing required.",
    apply(doc) {
      const schemas = doc.components?.schemas;
      if (schemas && !("governance-label" in schemas)) {
        schemas["governance-label"] = {
          type: "object",
          properties: { labelId: { type: "string" }, name: { type: "string" }, values: { type: "array", items: { type: "string" } } },
        };
      }
    },
  },
  {
    spec: "oauth",
    description:
      "TokenResponseTokenType lists only Bearer and N_A, but a DPoP-bound access token is issued with " +
      "`token_type: DPoP` (RFC 9449 section 5), which Okta does for service apps that require DPoP.",
    apply(doc) {
      const tokenType = doc.components?.schemas?.TokenResponseTokenType;
      if (isObject(tokenType) && Array.isArray(tokenType.enum) && !tokenType.enum.includes("DPoP")) {
        tokenType.enum = [...(tokenType.enum as unknown[]), "DPoP"];
      }
    },
  },
];

/** Applies every erratum to the parsed specs, in place, and returns them. */
export function applyErrata(docs: Record<SpecName, OpenApiDocument>): Record<SpecName, OpenApiDocument> {
  for (const erratum of errata) erratum.apply(docs[erratum.spec]);
  return docs;
}

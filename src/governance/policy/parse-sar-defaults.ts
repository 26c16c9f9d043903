/** Validation of the policy's `sar:` section (defaults of the launch form, and whether reviewers may act in chat). */
import { DEFAULT_SAR } from "./defaults.js";
import type { SarDefaults } from "./policy-types.js";
import type { Entry, YamlReader } from "./yaml-reader.js";

const SAR_KEYS = ["defaultReviewers", "defaultDurationDays", "namePrefix", "allowLaunchWithoutForm", "reviewersMayAct"] as const;
/** Okta accepts 1 to 10 reviewers; the form may add more up to that limit. */
const MAX_REVIEWERS = 10;
/** Okta: end time 1 day to 6 months ahead; 180 days stays inside 6 months. */
const MAX_DURATION_DAYS = 180;
/** Leaves room in Okta's 255 characters for target, incident ref and launch ref. */
const MAX_PREFIX = 40;

/** The form defaults, with `DEFAULT_SAR` for what is left out. */
export function parseSarDefaults(reader: YamlReader, section: Entry): SarDefaults {
  const out = { ...DEFAULT_SAR };
  const fields = reader.map(section.value, section.at, section.path);
  if (fields === undefined) return DEFAULT_SAR;
  reader.onlyKeys(fields, SAR_KEYS, "under sar");
  for (const field of fields) {
    switch (field.key) {
      case "defaultReviewers": {
        const reviewers = parseReviewers(reader, field);
        if (reviewers !== undefined) out.defaultReviewers = Object.freeze(reviewers);
        break;
      }
      case "defaultDurationDays":
        out.defaultDurationDays = reader.integer(field, 1, MAX_DURATION_DAYS) ?? out.defaultDurationDays;
        break;
      case "namePrefix": {
        const prefix = reader.text(field, MAX_PREFIX);
        if (prefix !== undefined && /[\r\n\t]/.test(prefix)) {
          reader.error(field.at, `${field.path} must be a single line`);
        } else if (prefix !== undefined) {
          out.namePrefix = prefix;
        }
        break;
      }
      case "allowLaunchWithoutForm":
        out.allowLaunchWithoutForm = reader.boolean(field) ?? out.allowLaunchWithoutForm;
        break;
      case "reviewersMayAct":
        out.reviewersMayAct = reader.boolean(field) ?? out.reviewersMayAct;
        break;
    }
  }
  return Object.freeze(out);
}

function parseReviewers(reader: YamlReader, field: Entry): string[] | undefined {
  const items = reader.stringList(field, "Okta logins");
  if (items === undefined) return undefined;
  if (items.length > MAX_REVIEWERS) {
    reader.error(field.at, `${field.path} may list at most ${MAX_REVIEWERS} reviewers (Okta's limit), not ${items.length}`);
    return undefined;
  }
  const seen = new Set<string>();
  let ok = true;
  for (const item of items) {
    if (/\s/.test(item.value)) {
      reader.error(item.node, `${field.path}: "${item.value}" is not an Okta login (it contains a space)`);
      ok = false;
    } else if (seen.has(item.value.toLowerCase())) {
      reader.error(item.node, `${field.path} lists "${item.value}" twice`);
      ok = false;
    }
    seen.add(item.value.toLowerCase());
  }
  return ok ? items.map((i) => i.value) : undefined;
}

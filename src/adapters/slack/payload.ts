/**
 * Defensive reads of Slack payloads. Bodies are signed by Slack, yet a
 * field can be missing or of another type (older clients, Enterprise Grid,
 * a bug); every read here yields a value or undefined, never a throw.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path` (object keys), or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-empty string at `path`, or undefined. */
export function str(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === "string" && found !== "" ? found : undefined;
}

/** The value of a modal input (`plain_text_input`, `number_input`, ...) by block and action id. */
export function inputValue(view: unknown, blockId: string, actionId: string): string | undefined {
  const field = at(view, "state", "values", blockId, actionId);
  const value = at(field, "value");
  return typeof value === "string" ? value : undefined;
}

/**
 * Reads variables out of an environment object, collecting every problem
 * instead of stopping at the first, so start-up names them all at once.
 */

export type Env = Record<string, string | undefined>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank (as in a copied .env.example). */
  get(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** A boolean written true/false/1/0/yes/no (any case); `fallback` when unset. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.get(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (["true", "1", "yes"].includes(lower)) return true;
    if (["false", "0", "no"].includes(lower)) return false;
    this.problem(`${name} must be one of true, false, 1, 0, yes, no (got "${value}")`);
    return fallback;
  }

  /** One of `choices` (matched without regard to case, returned as listed); `fallback` when unset. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.get(name);
    if (value === undefined) return fallback;
    const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (found === undefined) this.problem(`${name} must be one of ${choices.join(", ")} (got "${value}")`);
    return found ?? fallback;
  }
}

/** Whether a URL hostname is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

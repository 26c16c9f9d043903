/**
 * How long each phase of start-up took (module loading up to `startApp`,
 * Okta, the database, migrations, the job queue, the adapters...), so a slow
 * start can be told apart by phase: logged once, at debug level, when the
 * bot is listening.
 */
export interface StartupPhases {
  /** Runs `fn` as the phase `name` and records its duration. */
  time<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Each phase in order with its ms, and the whole from process start. */
  summary(): { phases: Record<string, number>; sinceProcessStartMs: number };
}

export function startupPhases(now: () => number = () => performance.now()): StartupPhases {
  const phases: Record<string, number> = { "process start to startApp": Math.round(now()) };
  return {
    async time(name, fn) {
      const started = now();
      try {
        return await fn();
      } finally {
        phases[name] = Math.round(now() - started);
      }
    },
    summary: () => ({ phases: { ...phases }, sinceProcessStartMs: Math.round(now()) }),
  };
}

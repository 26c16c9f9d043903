/**
 * Structured logging with pino: JSON lines by default, pino-pretty on a
 * terminal. Secrets are censored by key at any depth (see
 * `log/redact-secrets.ts`), in logged objects and child bindings alike, so
 * a careless `log.info({ headers })` cannot leak a token.
 */
import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import type pinoPrettyModule from "pino-pretty";
import { censor, redactSecrets, secretKeys } from "./log/redact-secrets.js";

export { censor, redactSecrets, secretKeys } from "./log/redact-secrets.js";

export type Logger = PinoLogger;

// pino paths are case-sensitive: each key as listed, lower-cased and
// capitalised (`Authorization`), plus header spellings such as `DPoP`.
const topLevelRedactPaths = [
  ...new Set(
    [...secretKeys, "DPoP"]
      .flatMap((key) => [key, key.toLowerCase(), key.charAt(0).toUpperCase() + key.slice(1)])
      .map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`)),
  ),
];

export const serviceName = "oig-chatops";

export interface LoggerOptions {
  level: string;
  /** Human-readable output (the caller decides, e.g. from `process.stdout.isTTY`). */
  pretty?: boolean;
  /** Where lines go; default standard output. */
  destination?: DestinationStream;
}

/** A pino logger for the bot, with the service name in every line and secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: serviceName },
    formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown> },
    // The log formatter has already turned errors into censored plain
    // objects; an Error met here comes from elsewhere (a child binding).
    serializers: { err: (value: unknown) => (value instanceof Error ? redactSecrets(value) : value) },
    // Child bindings bypass formatters.log; pino's redaction does reach
    // them, so their top-level secret keys are censored here (nested ones
    // are handled by childForEvent, which scrubs the whole context).
    redact: { paths: topLevelRedactPaths, censor },
  };
  if (options.pretty === true) {
    const destination = options.destination ?? process.stdout;
    // Loaded only for a terminal: a service's JSON logs never need it (a few MB of RSS).
    const pinoPretty = createRequire(import.meta.url)("pino-pretty") as typeof pinoPrettyModule;
    return pino(settings, pinoPretty({ destination, ignore: "pid,hostname,service", colorize: options.destination === undefined && process.stdout.isTTY, sync: true }));
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Fields that identify one inbound chat event in every line logged for it. */
export interface EventContext {
  correlationId: string;
  platform: string;
  [field: string]: unknown;
}

/** A child logger whose lines all carry the event's correlation id (and the rest of `context`). */
export function childForEvent(logger: Logger, context: EventContext): Logger {
  return logger.child(redactSecrets(context) as EventContext);
}

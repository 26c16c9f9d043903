/**
 * SIGTERM and SIGINT for the bot process: the first starts one graceful
 * drain and the process exits 0 when it is done. Several signals commonly
 * arrive for one stop: a signal to the process group reaches both npm and
 * the bot, and npm forwards its own copy; Ctrl-C in a terminal does the
 * same. So the second signal is only logged; a third means the person
 * really wants out, and ends the process at once (exit 1).
 */

export interface SignalLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface ShutdownOnSignalsOptions {
  logger: SignalLogger;
  /** The graceful drain; resolves when everything is closed. */
  drain: () => Promise<void>;
  /** Called when the drain is done (default: log "stopped"). */
  onStopped?: () => void;
  /** Ends the process (default `process.exit`); tests pass a fake. */
  exit?: (code: number) => void;
  /** Where the signals come from (default `process`); tests pass an emitter. */
  source?: Pick<NodeJS.Process, "on" | "off">;
  /** Grace after the drain for open handles before the process is ended anyway. */
  lingerMs?: number;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** Installs the handlers; returns a function that removes them. */
export function shutdownOnSignals(options: ShutdownOnSignalsOptions): () => void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source = options.source ?? process;
  let received = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received === 1) {
      logger.info({ signal }, "shutting down: finishing running work");
      void options
        .drain()
        .then(
          () => (options.onStopped ? options.onStopped() : logger.info({}, "stopped")),
          (error: unknown) => logger.warn({ err: error }, "error while shutting down"),
        )
        .then(() => {
          // Let the event loop end by itself; a handle some library left open must not keep a stopped bot alive.
          process.exitCode = 0;
          setTimeout(() => exit(0), options.lingerMs ?? 2000).unref();
        });
      return;
    }
    if (received === 2) {
      logger.warn({ signal }, "still shutting down (finishing running work); send the signal once more to stop at once");
      return;
    }
    logger.warn({ signal }, "stopping at once: running work is cut short");
    exit(1);
  };
  for (const signal of SIGNALS) source.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) source.off(signal, onSignal);
  };
}

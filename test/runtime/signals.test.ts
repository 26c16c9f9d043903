// Several signals commonly arrive for one stop (a process group's signal reaches the bot directly and
// through npm): the first starts the only drain, the second is logged and cuts nothing short, a third exits at once.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { shutdownOnSignals } from "../../src/runtime/signals.js";

describe("shutdown on signals", () => {
  it("drains once on the first signal, logs the second without cutting the drain short, and exits 1 on the third", async () => {
    const source = new EventEmitter();
    const logged: string[] = [];
    const exits: number[] = [];
    let drains = 0;
    let finishDrain!: () => void;
    const remove = shutdownOnSignals({
      logger: { info: (_o, message) => logged.push(message), warn: (_o, message) => logged.push(message) },
      drain: () => {
        drains += 1;
        return new Promise<void>((resolve) => (finishDrain = resolve));
      },
      exit: (code) => exits.push(code),
      source: source as unknown as Pick<NodeJS.Process, "on" | "off">,
    });
    try {
      source.emit("SIGTERM", "SIGTERM");
      source.emit("SIGTERM", "SIGTERM");
      expect(drains).toBe(1);
      expect(exits).toEqual([]);
      expect(logged).toEqual(["shutting down: finishing running work", "still shutting down (finishing running work); send the signal once more to stop at once"]);
      source.emit("SIGINT", "SIGINT");
      expect(exits).toEqual([1]);
      expect(logged.at(-1)).toBe("stopping at once: running work is cut short");
      finishDrain();
    } finally {
      remove();
    }
  });

  it("after the drain, logs stopped and sets exit code 0", async () => {
    const source = new EventEmitter();
    const logged: string[] = [];
    const before = process.exitCode;
    const remove = shutdownOnSignals({
      logger: { info: (_o, message) => logged.push(message), warn: (_o, message) => logged.push(message) },
      drain: async () => undefined,
      exit: () => undefined,
      source: source as unknown as Pick<NodeJS.Process, "on" | "off">,
    });
    try {
      source.emit("SIGINT", "SIGINT");
      while (!logged.includes("stopped")) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(process.exitCode).toBe(0);
    } finally {
      remove();
      process.exitCode = before;
    }
  });
});

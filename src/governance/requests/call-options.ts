/** Okta call options for a person's command: interactive priority, their correlation id. */
import type { Actor } from "../actor.js";
import type { CallOptions } from "../ports.js";

/** A person waits for this call: it goes before background polling. */
export function interactive(actor: Pick<Actor, "correlationId">): CallOptions {
  return { correlationId: actor.correlationId, priority: "interactive" };
}

/**
 * `/sar doctor` for admins: the same checks as `npm run doctor` (Okta token,
 * each scope and permission, the database, the policy, Slack), run by the
 * bot on its own configuration and answered in chat. The checks live
 * outside the core (`src/doctor/`); the composition root injects them as a
 * `DoctorPort`. It needs the `audit.read` permission (admins in the sample
 * policy): the report shows how the bot is set up, which is for the people
 * who run it.
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import { NotAllowed } from "../errors.js";
import type { IdentityResolver, ResolvedActor } from "../identity/types.js";
import type { Action } from "../policy/index.js";
import type { DoctorCheckView, Reply } from "../replies.js";
import { errorReplyFor } from "../error-reply.js";

/** Runs the configuration checks of the running bot; reports problems as rows, never throws for them. */
export interface DoctorPort {
  run(): Promise<{ checks: DoctorCheckView[]; ok: boolean }>;
}

/** The permission `/sar doctor` needs. */
export const DOCTOR_ACTION: Action = "audit.read";

/** The answer when the deployment wired no doctor (a core built without one). */
export const DOCTOR_UNAVAILABLE: Extract<Reply, { type: "error" }> = {
  type: "error",
  code: "doctor_unavailable",
  message: "The configuration doctor is not available in this bot.",
  hint: "Run `npm run doctor` on the host where the bot runs; it makes the same checks.",
};

export interface DoctorDeps {
  identity: IdentityResolver;
  audit: AuditRecorder;
  logger: Logger;
  doctor: DoctorPort | undefined;
}

/** Authorizes `actor`, runs the doctor and returns its report (or an error reply). */
export async function runDoctorFor(deps: DoctorDeps, actor: Actor): Promise<Reply> {
  try {
    const admin = await authorizeDoctor(deps, actor);
    if (deps.doctor === undefined) return DOCTOR_UNAVAILABLE;
    const report = await deps.doctor.run();
    const problems = report.checks.filter((check) => check.status === "missing" || check.status === "failing").map((check) => check.id);
    await deps.audit.record({
      actor: auditActor(actor, admin.user.id),
      action: "doctor.run",
      target: {},
      outcome: "succeeded",
      correlationId: actor.correlationId,
      details: { ok: report.ok, problems },
    });
    return { type: "doctor-report", checks: report.checks, ok: report.ok };
  } catch (err) {
    return errorReplyFor(err, { logger: deps.logger, correlationId: actor.correlationId });
  }
}

/** The caller, allowed; a refusal says the doctor shares the audit permission. */
async function authorizeDoctor(deps: DoctorDeps, actor: Actor): Promise<ResolvedActor> {
  try {
    return await deps.identity.authorize(actor, DOCTOR_ACTION);
  } catch (err) {
    if (err instanceof NotAllowed) {
      throw new NotAllowed(err.action, err.requiredRoles, `${err.message} The configuration doctor needs the same permission ("${DOCTOR_ACTION}").`);
    }
    throw err;
  }
}

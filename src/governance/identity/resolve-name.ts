/**
 * Finds the one Okta user a name (Okta id, email or login) stands for, of
 * any status: callers decide which statuses they accept. Ambiguity and
 * absence are errors, never a guess.
 */
import type { OktaUser } from "../okta/types.js";
import type { CachedDirectory, LookupOptions } from "./cached-directory.js";
import * as errors from "./identity-errors.js";
import type { Subject } from "./identity-errors.js";
import { isEmailAddress, isLoginName, isOktaUserId, type NameInput } from "./names.js";

export interface ResolveNameContext {
  directory: CachedDirectory;
  opts: LookupOptions;
  /** Profile attributes an email is searched in, in order, until one yields a usable user. */
  emailAttributes: readonly string[];
  /** True when a person typed the name (bad shape: a form error); false when a platform supplied it. */
  typed: boolean;
}

/** The Okta user named by `input`; throws IdentityNotFound, IdentityAmbiguous or ValidationFailed. */
export async function resolveName(input: NameInput, subject: Subject, ctx: ResolveNameContext): Promise<OktaUser> {
  const { directory, opts } = ctx;
  const refuse = (text: string, expected: string): never => {
    if (ctx.typed && subject !== "actor") throw errors.invalidName(subject, text, expected);
    throw errors.notFound(subject, text);
  };
  switch (input.kind) {
    case "okta-id": {
      if (!isOktaUserId(input.id)) refuse(input.id, "an Okta user id (00u followed by 17 letters or digits)");
      const user = await directory.userById(input.id as OktaUser["id"], opts);
      if (user === undefined) throw errors.notFound(subject, input.id);
      return user;
    }
    case "login": {
      if (!isLoginName(input.login)) refuse(input.login, "an Okta login");
      const user = await directory.userByLogin(input.login, opts);
      if (user === undefined) throw errors.notFound(subject, input.login);
      return user;
    }
    case "email": {
      if (!isEmailAddress(input.email)) refuse(input.email, "an email address");
      const match = await directory.usersByAttributes(ctx.emailAttributes, input.email, opts);
      if (match.kind === "one") return match.user;
      if (match.kind === "many") throw errors.ambiguous(subject, input.email, match.users);
      // Only deprovisioned users carry this email: name the one so the caller can say why it is refused.
      const [only, ...more] = match.deprovisioned;
      if (only !== undefined && more.length === 0) return only;
      throw errors.notFound(subject, input.email);
    }
  }
}

/** Who is who: chat users and typed names mapped to Okta users, and role checks on them. */
export { createIdentityResolver, DEFAULT_IDENTITY_CACHE_TTL_MS } from "./identity-resolver.js";
export type { IdentityResolverOptions } from "./identity-resolver.js";
export { parseTargetText } from "./parse-target-text.js";
export type { MentionContext } from "./parse-target-text.js";
export { classifyName, isEmailAddress, isLoginName, isOktaUserId, MAX_NAME_LENGTH } from "./names.js";
export type { NameInput } from "./names.js";
export { LINK_HINT } from "./identity-errors.js";
export type { IdentityResolver, ResolvedActor, ResolveOptions, TargetInput } from "./types.js";

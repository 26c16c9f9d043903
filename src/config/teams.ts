/** The Teams section, with botbuilder's own variable names and its rules per app type. */
import type { EnvReader } from "./env-reader.js";
import type { TeamsConfig } from "./types.js";

const appTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"] as const;

/** Parses the Microsoft* variables; problems go to `env`. */
export function parseTeams(env: EnvReader): TeamsConfig {
  const appId = env.get("MicrosoftAppId");
  const appPassword = env.get("MicrosoftAppPassword");
  const tenantId = env.get("MicrosoftAppTenantId");
  if (appId === undefined) {
    const stray = ["MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType"].filter((name) => env.has(name));
    // Running unauthenticated while credentials sit in the environment is a mistake, not a choice.
    if (stray.length > 0) env.problem(`MicrosoftAppId is missing: ${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set (without an app id Teams runs unauthenticated, in local mode)`);
    return { mode: "local" };
  }
  const appType = env.choice("MicrosoftAppType", appTypes, "MultiTenant");
  switch (appType) {
    case "MultiTenant":
      if (appPassword === undefined) return missing(env, "MicrosoftAppPassword", "a MultiTenant bot");
      return { mode: "authenticated", appType, appId, appPassword };
    case "SingleTenant": {
      const absent = [...(appPassword === undefined ? ["MicrosoftAppPassword"] : []), ...(tenantId === undefined ? ["MicrosoftAppTenantId"] : [])];
      if (appPassword === undefined || tenantId === undefined) return missing(env, absent.join(" and "), "a SingleTenant bot");
      return { mode: "authenticated", appType, appId, appPassword, tenantId };
    }
    case "UserAssignedMSI":
      if (appPassword !== undefined) env.problem("MicrosoftAppPassword must not be set for MicrosoftAppType=UserAssignedMSI (the managed identity has no password)");
      if (tenantId === undefined) return missing(env, "MicrosoftAppTenantId", "a UserAssignedMSI bot");
      return { mode: "authenticated", appType, appId, tenantId };
  }
}

function missing(env: EnvReader, names: string, what: string): TeamsConfig {
  env.problem(`${names} ${names.includes(" and ") ? "are" : "is"} missing: ${what} needs it (MicrosoftAppId is set)`);
  return { mode: "local" };
}

/** The Teams adapter's public face, for the composition root and tests. */
export { createTeamsAdapter, TEAMS_MESSAGES_PATH, type TeamsAdapter, type TeamsAdapterOptions } from "./teams-adapter.js";
export type { TeamsAdapterConfig, TeamsTimings } from "./config.js";
export { customCloudAuthentication } from "./auth/bot-authentication.js";

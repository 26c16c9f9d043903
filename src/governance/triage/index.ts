/** Triage and remediation of a launched review in chat (PRODUCT 4.4). */
export { createTriageService, attributionComment } from "./triage-service.js";
export type { ItemActionStepUp, TriageService, TriageServiceDeps } from "./triage-service.js";
export { countClosing } from "./closing-summary.js";
export { SUMMARY_ANOMALY_TYPE, decodeCursor, encodeCursor } from "./map-view.js";
export { DEFAULT_TRIAGE_CACHE_TTL_MS } from "./review-cache.js";
export { mayAct, personalControls } from "./who-may-act.js";
export type * from "./types.js";
export { TRIAGE_PAGE_SIZE } from "./types.js";

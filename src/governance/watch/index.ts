/** Watches on SARs and access requests, and the scheduled poll that posts their status changes. */
export { createWatchService } from "./watch-service.js";
export type { WatchService, WatchServiceOptions } from "./watch-service.js";
export type { PollReport, PollerOptions } from "./poller.js";
export { pollCron, WATCH_POLL_QUEUE } from "./schedule.js";

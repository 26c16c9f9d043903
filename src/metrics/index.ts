/** Prometheus metrics: what `src/app.ts` wires into the core's and adapters' observer hooks. */
export { createBotMetrics, LAUNCH_OUTCOMES, type BotMetrics, type LaunchOutcome, type QueueDepthReader } from "./prometheus.js";
export { observeLaunchEvents, type LaunchEventMetricsOptions } from "./launch-events.js";
export { pgBossQueueDepth } from "./queue-depth.js";
export { timeRoutes } from "./time-routes.js";

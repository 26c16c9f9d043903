/** The SAR launch workflow: the service adapters call, its job queues, and the views of launches and reviews. */
export { createLaunchService } from "./launch-service.js";
export type { LaunchService } from "./launch-service.js";
export { DEFAULT_TIMINGS } from "./deps.js";
export type { LaunchServiceOptions, LaunchTimings } from "./deps.js";
export type { SubmitLaunchInput } from "./submit-launch.js";
export type { DecideLaunchInput } from "./decide-launch.js";
export type { LaunchRunResult } from "./launch-runner.js";
export { LAUNCH_FORM_LIMITS, checkLaunchForm, initialFormValues } from "./launch-form.js";
export type { LaunchFormErrors, LaunchFormField, LaunchFormPrefill } from "./launch-form.js";
export { buildSarName, SAR_NAME_MAX } from "./sar-name.js";
export { SAR_EXPIRE_QUEUE, SAR_LAUNCH_QUEUE, SAR_NOTIFY_QUEUE, SAR_SWEEP_QUEUE } from "./queues.js";
export type { LaunchJobData, NotifyJobData } from "./queues.js";
export { launchThread, personFor, toLaunchView, toSarView } from "./views.js";
export type { People, SarViewExtras } from "./views.js";

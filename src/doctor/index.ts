/** The configuration doctor: `npm run doctor`, and `/sar doctor` for admins through `chatDoctor`. */
export { runDoctor, type RunDoctorOptions } from "./run-doctor.js";
export { formatReport, reportJson } from "./format-report.js";
export { isProblem, type CheckArea, type CheckStatus, type DoctorCheck, type DoctorReport } from "./types.js";
export { chatDoctor, type ChatDoctorOptions } from "./chat-doctor.js";
export type { SandboxApp } from "./okta-target.js";

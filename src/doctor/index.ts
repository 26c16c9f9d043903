/** The configuration doctor: `npm run doctor`, and later an admin chat command. */
export { runDoctor, type RunDoctorOptions } from "./run-doctor.js";
export { formatReport, reportJson } from "./format-report.js";
export { isProblem, type CheckArea, type CheckStatus, type DoctorCheck, type DoctorReport } from "./types.js";

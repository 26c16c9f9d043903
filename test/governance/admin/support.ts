/** The admin service over the core harness's real parts. */
import { createAdminService, type AdminService } from "../../../src/governance/admin/index.js";
import type { CoreHarness } from "../../support/core-harness.js";

export function adminServiceFor(h: CoreHarness): AdminService {
  return createAdminService({ identity: h.identity, store: h.store, policy: h.policy, audit: h.audit, okta: h.okta, logger: h.logger });
}

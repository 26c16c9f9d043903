/**
 * Okta's official OpenAPI specs (`../shared/okta-openapi`) as a contract
 * that tests hold requests and responses to:
 *
 * ```ts
 * describe.skipIf(!oktaSpecsPresent)(oktaSpecsPresent ? "the client" : sharedAbsentMessage, () => {
 *   let contract: OktaContract;
 *   beforeAll(async () => { contract = await loadOktaContract(); });
 *   it("sends only documented requests", async () => {
 *     const { fetch, exchanges } = recordingFetch();
 *     // ... drive the client with `fetch` ...
 *     expect(contractErrors(contract, exchanges)).toEqual([]);
 *   });
 * });
 * ```
 */
import { createOktaContract, type OktaContract } from "./okta-openapi/contract.js";
import { applyErrata } from "./okta-openapi/errata.js";
import { loadSpecs, specNames } from "./okta-openapi/load-specs.js";
import { sharedPresent } from "./shared-dir.js";

export type { OktaContract, RequestToCheck, ResponseToCheck, ValidationResult } from "./okta-openapi/contract.js";
export { createOktaContract } from "./okta-openapi/contract.js";
export { errata } from "./okta-openapi/errata.js";

/** Whether all three spec files are present beside the repository. */
export const oktaSpecsPresent: boolean = specNames.every((name) => sharedPresent(`okta-openapi/${name}.yaml`));

let loading: Promise<OktaContract> | undefined;

/** Loads governance.yaml, management.yaml and oauth.yaml once per process, with the `errata` applied. */
export function loadOktaContract(): Promise<OktaContract> {
  loading ??= loadSpecs().then((docs) => createOktaContract(applyErrata(docs)));
  // A failed load is not cached, so a later call reports the error afresh.
  void loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Every contract error of recorded exchanges (see `recordingFetch`), each
 * request and response checked; an empty list means all conform.
 */
export function contractErrors(
  contract: OktaContract,
  exchanges: readonly {
    request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
    response: { status: number; headers?: Record<string, string>; body?: unknown };
  }[],
): string[] {
  return exchanges.flatMap(({ request, response }) => {
    const checked = contract.validateRequest(request);
    // Without an operation the response check would only repeat why.
    if (checked.operationId === undefined) return checked.errors;
    return [...checked.errors, ...contract.validateResponse(request, response).errors];
  });
}

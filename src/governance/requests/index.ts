/** Access requests and SAR status from chat: status, list, messages, and the views they answer with. */
export { createRequestService } from "./request-service.js";
export type { ListRequestsInput, RequestService, RequestServiceOptions } from "./request-service.js";
export { toRequestView, peopleOf } from "./views.js";
export { createPeopleLookup } from "./people.js";
export type { PeopleLookup, PeopleLookupOptions } from "./people.js";
export { isRequestId, isSarId, parseOktaObjectId, parseRequestId } from "./ids.js";
export type { OktaObjectRef } from "./ids.js";
export { isFinalRequest, parseRequestStatus, REQUEST_STATUSES } from "./statuses.js";
export type { RequestStatus } from "./statuses.js";
export { LIST_LIMITS } from "./list-query.js";
export { MESSAGE_LIMITS } from "./message-text.js";
export { loadSarView, sarAccessCounts, sarViewWithCounts } from "./sar-status.js";

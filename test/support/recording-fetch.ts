/**
 * A `fetch` that records every completed exchange (request and response,
 * bodies decoded) while passing the real response on untouched, so a test
 * can hold what a client sent and received to the Okta contract.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON, form fields (repeated fields as arrays), text, or undefined when empty. */
  body: unknown;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RecordedExchange {
  request: RecordedRequest;
  response: RecordedResponse;
}

/** Wraps `inner`; `exchanges` grows by one entry per response received (failed network calls are not recorded). */
export function recordingFetch(inner: typeof fetch = fetch): { fetch: typeof fetch; exchanges: RecordedExchange[] } {
  const exchanges: RecordedExchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    // One Request object for both: reading init.body separately would
    // consume a stream body before the inner fetch could send it.
    const request = new Request(input, init);
    const requestHeaders = headersToRecord(request.headers);
    const requestBody = decodeBody(await request.clone().text(), requestHeaders["content-type"]);
    const response = await inner(request);
    const responseHeaders = headersToRecord(response.headers);
    // The clone is read to the end here, so the exchange is complete when
    // the caller gets the response, whose own body is still unread.
    const responseBody = decodeBody(await response.clone().text(), responseHeaders["content-type"]);
    exchanges.push({
      request: { method: request.method, url: request.url, headers: requestHeaders, body: requestBody },
      response: { status: response.status, headers: responseHeaders, body: responseBody },
    });
    return response;
  };
  return { fetch: recording, exchanges };
}

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function decodeBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(text);
    const fields: Record<string, string | string[]> = {};
    for (const name of new Set(params.keys())) {
      const values = params.getAll(name);
      fields[name] = values.length === 1 ? values[0]! : values;
    }
    return fields;
  }
  if (/^application\/([\w.-]+\+)?json$/.test(mediaType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // kept as text, so a contract check reports it as a non-JSON body
    }
  }
  return text;
}

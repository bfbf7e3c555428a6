/**
 * Validation of an OTLP/JSON trace export request (ExportTraceServiceRequest,
 * as the browser SDK's OTLP/HTTP exporter sends it), before the service
 * forwards it to the collector. Only the structure the collector relies on is
 * checked, with bounds, so a broken or hostile page cannot make the service
 * forward garbage; the first problem is reported with its JSON path.
 */

/** Most spans accepted in one request (the browser SDK sends at most 512 per batch by default). */
export const MAX_SPANS_PER_REQUEST = 1000;
/** Longest span name accepted. */
export const MAX_SPAN_NAME_LENGTH = 1024;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const UNIX_NANO = /^\d{1,20}$/;
const ZERO = /^0+$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${path} must be an array`);
  return value;
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new Error(`${path} must be an object`);
  return value;
}

function spanProblem(span: Json, path: string): void {
  if (typeof span.traceId !== 'string' || !TRACE_ID.test(span.traceId) || ZERO.test(span.traceId)) {
    throw new Error(`${path}.traceId must be 32 lowercase hex digits, not all zero`);
  }
  if (typeof span.spanId !== 'string' || !SPAN_ID.test(span.spanId) || ZERO.test(span.spanId)) {
    throw new Error(`${path}.spanId must be 16 lowercase hex digits, not all zero`);
  }
  if (span.parentSpanId !== undefined && span.parentSpanId !== '' &&
      (typeof span.parentSpanId !== 'string' || !SPAN_ID.test(span.parentSpanId))) {
    throw new Error(`${path}.parentSpanId must be empty or 16 lowercase hex digits`);
  }
  if (typeof span.name !== 'string' || span.name.length > MAX_SPAN_NAME_LENGTH) {
    throw new Error(`${path}.name must be a string of at most ${MAX_SPAN_NAME_LENGTH} characters`);
  }
  if (span.kind !== undefined && !(Number.isInteger(span.kind) && (span.kind as number) >= 0 && (span.kind as number) <= 5)) {
    throw new Error(`${path}.kind must be an integer from 0 to 5`);
  }
  for (const key of ['startTimeUnixNano', 'endTimeUnixNano'] as const) {
    const t = span[key];
    if (!((typeof t === 'string' && UNIX_NANO.test(t)) || (typeof t === 'number' && Number.isSafeInteger(t) && t >= 0))) {
      throw new Error(`${path}.${key} must be a non-negative integer (nanoseconds since the epoch)`);
    }
  }
  list(span.attributes, `${path}.attributes`);
  list(span.events, `${path}.events`);
  list(span.links, `${path}.links`);
}

/**
 * Checks `body` as an ExportTraceServiceRequest in OTLP/JSON; returns the
 * number of spans, or throws an Error whose message names the bad field.
 */
export function validateTraceExport(body: unknown): number {
  const request = object(body, 'body');
  const resourceSpans = list(request.resourceSpans, 'resourceSpans');
  let count = 0;
  resourceSpans.forEach((rs, i) => {
    const rsPath = `resourceSpans[${i}]`;
    const resource = object(rs, rsPath);
    if (resource.resource !== undefined) list(object(resource.resource, `${rsPath}.resource`).attributes, `${rsPath}.resource.attributes`);
    list(resource.scopeSpans, `${rsPath}.scopeSpans`).forEach((ss, j) => {
      const ssPath = `${rsPath}.scopeSpans[${j}]`;
      list(object(ss, ssPath).spans, `${ssPath}.spans`).forEach((s, k) => {
        count++;
        if (count > MAX_SPANS_PER_REQUEST) throw new Error(`resourceSpans must hold at most ${MAX_SPANS_PER_REQUEST} spans in all`);
        spanProblem(object(s, `${ssPath}.spans[${k}]`), `${ssPath}.spans[${k}]`);
      });
    });
  });
  return count;
}

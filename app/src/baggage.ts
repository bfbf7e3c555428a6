/**
 * Turns the W3C `baggage` header of an incoming request into span attributes,
 * so a caller's context (say `tenant=acme`) is searchable in the trace.
 */
import type { IncomingMessage } from 'node:http';
import { propagation, ROOT_CONTEXT, type Attributes } from '@opentelemetry/api';

/** Prefix of the recorded attributes: `baggage.<key>`, never clobbering semconv keys. */
export const BAGGAGE_ATTRIBUTE_PREFIX = 'baggage.';
/** At most this many entries are recorded, whatever the header holds. */
export const MAX_BAGGAGE_ENTRIES = 8;
/** Longer values are cut to this many characters. */
export const MAX_BAGGAGE_VALUE_LENGTH = 256;

/**
 * Attributes for the server span from the request's `baggage` header, parsed
 * by the globally registered propagator (W3C baggage by default).
 */
export function baggageAttributes(request: IncomingMessage): Attributes {
  if (request.headers.baggage === undefined) return {};
  const baggage = propagation.getBaggage(propagation.extract(ROOT_CONTEXT, request.headers));
  const attributes: Attributes = {};
  if (!baggage) return attributes;
  for (const [key, entry] of baggage.getAllEntries().slice(0, MAX_BAGGAGE_ENTRIES)) {
    attributes[BAGGAGE_ATTRIBUTE_PREFIX + key] = entry.value.slice(0, MAX_BAGGAGE_VALUE_LENGTH);
  }
  return attributes;
}

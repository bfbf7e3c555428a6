/// <reference lib="dom" />
/**
 * The browser side of the demo: the OpenTelemetry web SDK traces the page
 * load and every fetch, and sends W3C `traceparent` with same-origin fetches,
 * so the service's server span becomes a child of the browser's fetch span.
 * Spans go to the service that served the page (`/otlp/v1/traces`, OTLP/JSON),
 * which forwards them to the collector.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';

/** `service.name` of the page's spans. */
const SERVICE_NAME = 'demo-app-web';
/** The service's OTLP proxy route (app/src/otlp-proxy.ts). */
const EXPORT_PATH = '/otlp/v1/traces';

const provider = new WebTracerProvider({
  resource: resourceFromAttributes({ 'service.name': SERVICE_NAME }),
  spanProcessors: [
    new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL(EXPORT_PATH, location.href).href }), {
      // A demo page is short-lived: export within half a second (the processor also flushes when the page is hidden).
      scheduledDelayMillis: 500,
    }),
  ],
});
// Default context manager and propagators: W3C trace context and baggage.
provider.register();

registerInstrumentations({
  instrumentations: [
    new DocumentLoadInstrumentation(),
    // The exporter's own requests are not traced (a span per export would feed itself).
    new FetchInstrumentation({ ignoreUrls: [new RegExp(`${EXPORT_PATH}$`)] }),
  ],
});

const button = document.getElementById('work') as HTMLButtonElement;
const msInput = document.getElementById('ms') as HTMLInputElement;
const result = document.getElementById('result') as HTMLOutputElement;

button.addEventListener('click', () => {
  const ms = msInput.value || '0';
  // A span for the click, parent of the fetch span (and so of the server's span).
  void trace.getTracer(SERVICE_NAME).startActiveSpan('click: call /work', async (span) => {
    try {
      const response = await fetch(`/work?ms=${encodeURIComponent(ms)}`);
      const body = (await response.json()) as unknown;
      result.textContent = `${response.status} ${JSON.stringify(body)} · trace ${span.spanContext().traceId}`;
      result.dataset.traceId = span.spanContext().traceId;
    } catch (err) {
      result.textContent = `failed: ${String(err)}`;
    } finally {
      span.end();
    }
  });
});

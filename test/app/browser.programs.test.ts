/**
 * Browser telemetry end to end: the bundled page in real headless Chromium,
 * a click that calls /work, and the spans as an OTLP endpoint receives them
 * (the page's through the service's /otlp/v1/traces proxy, the server's from
 * the SDK): one trace, with the server span a child of the browser's fetch span.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWebPage } from '../../app/web/bundle';
import { ensureChromium, launchChromium, type Browser } from './helpers/chromium';
import { OtlpReceiver } from './helpers/otlp-receiver';
import { startApp, type AppProcess } from './helpers/spawn-app';

const SERVER = 2;
const CLIENT = 3;

const skipReason = ensureChromium();
if (skipReason) console.warn(`browser test skipped: ${skipReason}`);
const browserTest = skipReason ? test.skip : test;

let receiver: OtlpReceiver;
let svc: AppProcess;
let browser: Browser;
let base: string;
let webRoot: string;

beforeAll(async () => {
  if (skipReason) return;
  webRoot = mkdtempSync(path.join(tmpdir(), 'demo-app-web-'));
  receiver = await OtlpReceiver.start();
  const service = bundleWebPage(webRoot)
    .then(() => startApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, WEB_ROOT: webRoot }));
  [browser, svc] = await Promise.all([launchChromium(), service]);
  base = svc.base;
});

afterAll(async () => {
  await browser?.close();
  if (svc && svc.child.exitCode === null) {
    svc.child.kill('SIGTERM');
    await svc.exited;
  }
  await receiver?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

browserTest('a click on the page: the server span of /work is a child of the browser fetch span, in one trace', async () => {
  const page = await browser.context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${base}/ui`);
  await page.click('#work');
  const result = page.locator('#result[data-trace-id]');
  await result.waitFor({ timeout: 10_000 });
  const traceId = (await result.getAttribute('data-trace-id'))!;
  expect(await result.textContent()).toContain('200');

  const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
  await receiver.waitFor(
    () => inTrace().some((s) => s.kind === SERVER) && inTrace().some((s) => s.scope === '@opentelemetry/instrumentation-fetch'),
    10_000,
    'the browser fetch span and the server span',
  );
  const fetchSpan = inTrace().find((s) => s.scope === '@opentelemetry/instrumentation-fetch')!;
  const server = inTrace().find((s) => s.kind === SERVER)!;
  const click = inTrace().find((s) => s.name === 'click: call /work')!;

  expect(fetchSpan.kind).toBe(CLIENT);
  expect(String(fetchSpan.attributes['http.url'] ?? fetchSpan.attributes['url.full'])).toContain('/work?ms=');
  expect(fetchSpan.resource['service.name']).toBe('demo-app-web');
  expect(fetchSpan.parentSpanId).toBe(click.spanId);

  expect(server.name).toBe('GET /work');
  expect(server.parentSpanId).toBe(fetchSpan.spanId);
  expect(server.resource['service.name']).toBe('demo-app');
  expect(inTrace().find((s) => s.name === 'work')?.parentSpanId).toBe(server.spanId);

  // The page load is traced too, and the page fetched nothing from another origin.
  await receiver.waitFor(() => receiver.spans.some((s) => s.scope === '@opentelemetry/instrumentation-document-load'), 5000, 'the document load span');
  expect(requested.filter((url) => !url.startsWith(base))).toEqual([]);
  await page.close();
});

/**
 * A minimal OTLP/HTTP receiver on 127.0.0.1 for tests: it accepts
 * `POST /v1/{traces,metrics,logs}` with protobuf bodies (decoded with the
 * OTLP schema in fixtures/otlp.proto) or OTLP/JSON trace bodies, and keeps
 * flattened copies to assert on.
 * In `hold` mode it reads requests but keeps them unanswered until {@link OtlpReceiver.release}
 * (a backend that stalls, then recovers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(path.join(__dirname, '..', 'fixtures', 'otlp.proto'));
const REQUEST_TYPES = {
  '/v1/traces': root.lookupType('opentelemetry.proto.ExportTraceServiceRequest'),
  '/v1/metrics': root.lookupType('opentelemetry.proto.ExportMetricsServiceRequest'),
  '/v1/logs': root.lookupType('opentelemetry.proto.ExportLogsServiceRequest'),
} as const;

type Attrs = Record<string, unknown>;
type Obj = Record<string, any>; // decoded protobuf objects are untyped by nature

/** A decoded span. */
export interface WireSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Attrs;
  status: { code: number; message: string };
  events: Array<{ name: string; attributes: Attrs }>;
  resource: Attrs;
  scope: string;
}

/** A decoded metric with its data points' attributes. */
export interface WireMetric {
  name: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram' | 'other';
  points: Array<{ attributes: Attrs; value?: number; count?: number; sum?: number }>;
  resource: Attrs;
  scope: string;
}

/** A decoded log record. */
export interface WireLog {
  body: unknown;
  severityText: string;
  severityNumber: number;
  traceId: string;
  spanId: string;
  attributes: Attrs;
  resource: Attrs;
}

function anyValue(v: Obj | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return ((v.arrayValue.values ?? []) as Obj[]).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue.values);
  if ('bytesValue' in v) return Buffer.from(v.bytesValue as string, 'base64').toString('hex');
  return undefined;
}

function attrs(list: Obj[] | undefined): Attrs {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key as string, anyValue(kv.value as Obj)]));
}

const hex = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('hex');

/** OTLP/JSON writes ids as hex where the protobuf mapping has base64: convert spans' ids to the latter. */
function fromJson(message: Obj): Obj {
  const b64 = (h: string | undefined) => Buffer.from(h ?? '', 'hex').toString('base64');
  for (const rs of (message.resourceSpans ?? []) as Obj[]) {
    for (const ss of (rs.scopeSpans ?? []) as Obj[]) {
      for (const s of (ss.spans ?? []) as Obj[]) {
        s.traceId = b64(s.traceId);
        s.spanId = b64(s.spanId);
        s.parentSpanId = b64(s.parentSpanId);
      }
    }
  }
  return message;
}

/** The receiver and everything it decoded so far. */
export class OtlpReceiver {
  readonly spans: WireSpan[] = [];
  readonly metrics: WireMetric[] = [];
  readonly logs: WireLog[] = [];
  /** Paths and content types of every export request. */
  readonly requests: Array<{ path: string; contentType: string | undefined }> = [];
  private readonly server: http.Server;
  /** Requests `hold` mode keeps unanswered; `open` until the client gives up (its timeout). */
  private readonly held: Array<{ url: string; contentType: string | undefined; body: Buffer; res: http.ServerResponse; open: boolean }> = [];

  private constructor(private mode: 'ok' | 'hold') {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Starts a receiver on an ephemeral port of 127.0.0.1. */
  static async start(mode: 'ok' | 'hold' = 'ok'): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver(mode);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL to use as OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Held requests to `path` still waiting for an answer, their client still connected. */
  stalled(path: string): number {
    return this.held.filter((h) => h.url === path && h.open).length;
  }

  /** Ends `hold` mode: answers (and keeps) every held request the client still waits for, and every later one. */
  release(): void {
    this.mode = 'ok';
    for (const h of this.held.splice(0)) if (h.open) this.accept(h.url, h.contentType, h.body, h.res);
  }

  async close(): Promise<void> {
    for (const h of this.held) h.res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Polls `predicate` until true or `timeoutMs` passes. */
  async waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = REQUEST_TYPES[req.url as keyof typeof REQUEST_TYPES];
      if (req.method !== 'POST' || !type) {
        res.writeHead(404).end();
        return;
      }
      this.requests.push({ path: req.url!, contentType: req.headers['content-type'] });
      if (this.mode === 'hold') {
        const entry = { url: req.url!, contentType: req.headers['content-type'], body: Buffer.concat(chunks), res, open: true };
        res.on('close', () => (entry.open = false));
        this.held.push(entry);
        return;
      }
      this.accept(req.url!, req.headers['content-type'], Buffer.concat(chunks), res);
    });
  }

  /** Decodes and keeps an export request, and answers it. */
  private accept(url: string, contentType: string | undefined, body: Buffer, res: http.ServerResponse): void {
    const type = REQUEST_TYPES[url as keyof typeof REQUEST_TYPES];
    const message = contentType?.startsWith('application/json')
      ? fromJson(JSON.parse(body.toString('utf8')) as Obj)
      : type.toObject(type.decode(body), { longs: Number, bytes: String, defaults: false });
    this.collect(url, message);
    // An empty Export*ServiceResponse: full success.
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  }

  private collect(url: string, message: Obj): void {
    if (url === '/v1/traces') {
      for (const rs of (message.resourceSpans ?? []) as Obj[]) {
        const resource = attrs(rs.resource?.attributes);
        for (const ss of (rs.scopeSpans ?? []) as Obj[]) {
          for (const s of (ss.spans ?? []) as Obj[]) {
            this.spans.push({
              name: s.name,
              kind: s.kind ?? 0,
              traceId: hex(s.traceId),
              spanId: hex(s.spanId),
              parentSpanId: hex(s.parentSpanId),
              attributes: attrs(s.attributes),
              status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
              events: ((s.events ?? []) as Obj[]).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
              resource,
              scope: ss.scope?.name ?? '',
            });
          }
        }
      }
    } else if (url === '/v1/metrics') {
      for (const rm of (message.resourceMetrics ?? []) as Obj[]) {
        const resource = attrs(rm.resource?.attributes);
        for (const sm of (rm.scopeMetrics ?? []) as Obj[]) {
          for (const m of (sm.metrics ?? []) as Obj[]) {
            const data: Obj | undefined = m.histogram ?? m.sum ?? m.gauge;
            const type = m.histogram ? 'histogram' : m.sum ? 'sum' : m.gauge ? 'gauge' : 'other';
            this.metrics.push({
              name: m.name,
              unit: m.unit ?? '',
              type,
              points: ((data?.dataPoints ?? []) as Obj[]).map((p) => ({
                attributes: attrs(p.attributes),
                value: p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : undefined),
                count: p.count !== undefined ? Number(p.count) : undefined,
                sum: p.sum,
              })),
              resource,
              scope: sm.scope?.name ?? '',
            });
          }
        }
      }
    } else {
      for (const rl of (message.resourceLogs ?? []) as Obj[]) {
        const resource = attrs(rl.resource?.attributes);
        for (const sl of (rl.scopeLogs ?? []) as Obj[]) {
          for (const l of (sl.logRecords ?? []) as Obj[]) {
            this.logs.push({
              body: anyValue(l.body),
              severityText: l.severityText ?? '',
              severityNumber: l.severityNumber ?? 0,
              traceId: hex(l.traceId),
              spanId: hex(l.spanId),
              attributes: attrs(l.attributes),
              resource,
            });
          }
        }
      }
    }
  }
}

import { spawnSync } from 'node:child_process';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../cli/main';

/** A small real HTTP server answering by path; records every request. */
interface TestServer { url: string; requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>; server: Server }

async function serve(answer: (path: string, res: ServerResponse) => void): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      answer(req.url!, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const json = (status: number, body: unknown) => (_: string, res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const servers: TestServer[] = [];
async function started(answer: (path: string, res: ServerResponse) => void): Promise<TestServer> {
  const s = await serve(answer);
  servers.push(s);
  return s;
}
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve)))));

async function verify(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['verify', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A port nothing listens on: a server's, after it closed. */
async function closedPort(): Promise<string> {
  const s = await serve(() => undefined);
  await new Promise((resolve) => s.server.close(resolve));
  return s.url;
}

describe('verify: bad input is one line and a non-zero exit', () => {
  it.each([
    [['--env', 'qa'], 2, "verify: unknown environment 'qa' (valid: dev, staging, prod)"],
    [[], 2, /^verify: --env is required \(usage: otel-lgtm verify --env/],
    [['--env', 'dev', '--deadline', 'soon'], 2, "verify: --deadline: 'soon' is not a number of seconds from 1 to 3600"],
    [['--env', 'dev', '--tempo-url', 'tempo:3200'], 2, "verify: --tempo-url: 'tempo:3200' is not an http(s) URL"],
    [['--env', 'dev', '--skip', 'collector'], 2, "verify: --skip: 'collector' is not one of tempo, loki, prometheus, grafana"],
    [['--env', 'dev', '--grafana-user', 'admin'], 2, 'verify: --grafana-user and --grafana-password go together'],
    [['--env', 'dev', '--colector-url', 'http://x'], 2, /^verify: Unknown option '--colector-url'/],
  ])('%j → exit %i', async (argv, code, message) => {
    const result = await verify(argv as string[]);
    expect(result.code).toBe(code);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  it('as a process: one line on stderr, no stack trace', () => {
    const root = join(__dirname, '..', '..');
    const proc = spawnSync(process.execPath, [join(root, 'scripts', 'otel-lgtm.js'), 'verify', '--env', 'qa'], { cwd: root, encoding: 'utf8' });
    expect(proc.status).toBe(2);
    expect(proc.stderr.trim()).toBe("verify: unknown environment 'qa' (valid: dev, staging, prod)");
  });
});

describe('verify against servers that fail', () => {
  it('an unreachable collector fails with its URL, after retrying until the deadline', async () => {
    const collector = await closedPort();
    const started = Date.now();
    const result = await verify(['--env', 'dev', '--deadline', '1', '--collector-url', collector, '--tempo-url', collector,
      '--loki-url', collector, '--prometheus-url', collector, '--grafana-url', collector, '--grafana-user', 'a', '--grafana-password', 'b']);
    expect(result.code).toBe(1);
    // It kept retrying until the 1 s deadline was (all but one 250 ms pause) spent, rather than
    // giving up at the first refusal; that it then stops is this test finishing in its timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
    expect(result.out).toContain(`FAIL collector ${collector}/v1/traces: unreachable (ECONNREFUSED) (expected the OTLP/HTTP receiver to accept the probe's traces, logs and metrics)`);
    expect(result.err.some((l) => l.includes('    at '))).toBe(false);
  });

  it('backends answering garbage or the wrong thing fail at once, each naming the backend, the URL and the expectation', async () => {
    const collector = await started(json(200, {}));
    const tempo = await started((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'));
    const loki = await started(json(200, { status: 'success', data: { result: [{ stream: { service_name: 'otel-lgtm-verify' }, values: [['1', 'line']] }] } }));
    const prometheus = await started(json(200, { status: 'success', data: { result: [{ metric: { __name__: 'otel_lgtm_verify_probes_total' }, value: [1, '1'] }] } }));
    const result = await verify(['--env', 'dev', '--deadline', '30', '--skip', 'grafana', '--json', '--collector-url', collector.url,
      '--tempo-url', tempo.url, '--loki-url', loki.url, '--prometheus-url', prometheus.url]);
    expect(result.code).toBe(1);
    // At once: each check asked its backend one time, not again until the 30 s deadline.
    const paths = (server: TestServer) => server.requests.map((r) => r.path.split('?')[0]);
    expect(paths(tempo).sort()).toEqual(['/api/search', expect.stringMatching(/^\/api\/traces\/[0-9a-f]{32}$/)]);
    expect(paths(loki)).toEqual(['/loki/api/v1/query_range']);
    expect(prometheus.requests.filter((r) => r.path.includes('otel_lgtm_verify_probes_total'))).toHaveLength(1);
    const report = JSON.parse(result.out[0]);
    expect(report.ok).toBe(false);
    const failure = (backend: string, name: string) => report.checks.find((c: any) => c.backend === backend && c.name === name).failure;
    expect(failure('tempo', 'trace by id')).toMatch(new RegExp(`^tempo ${tempo.url}/api/traces/[0-9a-f]{32}: answered something that is not JSON: <html>maintenance</html>; expected trace [0-9a-f]{32} with a server span and an internal span$`));
    expect(failure('loki', 'log by probe attribute')).toMatch(/^loki http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/query_range\?.*: the line is there, but its trace_id is absent; expected /);
    expect(failure('prometheus', 'probe metric')).toContain('series found, but labels service_namespace="observability", service_version="1", deployment_environment_name="dev", k8s_namespace_name="observability" are missing or differ');
    expect(report.skipped).toEqual(['grafana']);
  });

  it('sends the probe as OTLP/JSON: a server and an internal span of one trace, a log record in it, a counter point', async () => {
    const collector = await started(json(200, {}));
    const nowhere = await closedPort();
    await verify(['--env', 'dev', '--deadline', '1', '--skip', 'grafana', '--collector-url', collector.url, '--tempo-url', nowhere, '--loki-url', nowhere, '--prometheus-url', nowhere]);
    const body = (path: string) => JSON.parse(collector.requests.find((r) => r.path === path)!.body);
    const spans = body('/v1/traces').resourceSpans[0].scopeSpans[0].spans;
    expect(spans.map((s: any) => s.kind)).toEqual([2, 1]);
    expect(spans[1].parentSpanId).toBe(spans[0].spanId);
    expect(spans[1].traceId).toBe(spans[0].traceId);
    const record = body('/v1/logs').resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.traceId).toBe(spans[0].traceId);
    const metric = body('/v1/metrics').resourceMetrics[0].scopeMetrics[0].metrics[0];
    expect(metric).toEqual(expect.objectContaining({ name: 'otel_lgtm.verify.probes', sum: expect.objectContaining({ isMonotonic: true }) }));
    const id = (attrs: any[]) => attrs.find((a) => a.key === 'verify.probe.id').value.stringValue;
    expect(id(record.attributes)).toBe(id(spans[0].attributes));
  });

  it("tags the probe's spans with what the environment's tail sampling keeps (staging samples half the rest)", async () => {
    const collector = await started(json(200, {}));
    const nowhere = await closedPort();
    await verify(['--env', 'staging', '--deadline', '1', '--skip', 'grafana', '--collector-url', collector.url, '--tempo-url', nowhere, '--loki-url', nowhere, '--prometheus-url', nowhere]);
    const spans = JSON.parse(collector.requests.find((r) => r.path === '/v1/traces')!.body).resourceSpans[0].scopeSpans[0].spans;
    for (const span of spans) expect(span.attributes).toContainEqual({ key: 'priority', value: { stringValue: 'high' } });
  });

  it('wrong Grafana credentials fail the datasource checks with 401, naming the URL; the credentials were sent', async () => {
    const grafana = await started((path, res) => (path === '/api/health'
      ? json(200, { database: 'ok', version: '13.2.1' })(path, res)
      : json(401, { message: 'invalid username or password' })(path, res)));
    const collector = await started(json(200, {}));
    const result = await verify(['--env', 'dev', '--deadline', '10', '--skip', 'tempo', '--skip', 'loki', '--skip', 'prometheus',
      '--collector-url', collector.url, '--grafana-url', grafana.url, '--grafana-user', 'admin', '--grafana-password', 'wrong']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`FAIL grafana ${grafana.url}/api/datasources/uid/tempo/health: HTTP 401: credentials refused; expected datasource 'tempo' is provisioned and its health is OK`);
    expect(result.out.find((l) => l.startsWith('grafana') && l.includes('health') && l.includes('pass'))).toBeDefined();
    const auth = grafana.requests.find((r) => r.path.startsWith('/api/datasources'))!.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from('admin:wrong').toString('base64')}`);
  });
});

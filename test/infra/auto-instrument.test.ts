/**
 * `instrument(workload, { autoInstrument })`: the SDK injected by an init container (no Operator)
 * or by the Operator's annotation, the checks at synthesis, Pod Security of the injected pod, the
 * init container in the footprint, and the `Instrumentation` resource against the Operator's CRD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { Capability, Deployment, EnvValue, SeccompProfileType } from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { footprint } from '../../cli/footprint';
import { INSTRUMENTATION_HASH_ANNOTATION, LgtmStack, LgtmStackProps } from '../../infra';
import { restrictedProfileViolations } from '../support/pod-security';
import type { Manifest } from '../support/synth';

type Obj = Manifest & { spec?: any };
const LEAN: LgtmStackProps = { app: { enabled: false }, loadGenerator: { enabled: false } };

function stackIn(props: LgtmStackProps = {}) {
  const app = Testing.app();
  const stack = new LgtmStack(new Chart(app, 'observability', { namespace: 'observability' }), 'dev', { ...LEAN, ...props });
  return { app, stack };
}

let counter = 0;
/** A workload that is itself restricted (non-root user 1000, no capabilities, RuntimeDefault seccomp). */
function workload(app: App, container: { command?: string[]; args?: string[]; env?: Record<string, string> } = {}) {
  const id = `svc-${counter++}`;
  const deployment = new Deployment(new Chart(app, id, { namespace: 'shop' }), 'svc', {
    securityContext: { user: 1000, group: 1000, ensureNonRoot: true },
    containers: [{
      image: 'shop/svc:1.0.0', portNumber: 8080, command: container.command, args: container.args,
      securityContext: { user: 1000, group: 1000, capabilities: { drop: [Capability.ALL] }, seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT } },
    }],
  });
  for (const [name, value] of Object.entries(container.env ?? {})) deployment.containers[0].env.addVariable(name, EnvValue.fromValue(value));
  return deployment;
}

const rendered = (deployment: Deployment): Obj => Chart.of(deployment).toJson().find((o: Obj) => o.kind === 'Deployment');
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

describe('autoInstrument without the Operator', () => {
  const { app, stack } = stackIn();

  it('Node.js: an init container copies the SDK from the pinned image; NODE_OPTIONS is appended to, OTLP set', () => {
    const d = workload(app, { command: ['node', 'server.js'], env: { NODE_OPTIONS: '--max-old-space-size=200' } });
    stack.instrument(d, { autoInstrument: 'nodejs' });
    const spec = rendered(d).spec.template.spec;
    const [init] = spec.initContainers;
    expect(init.image).toBe('otel/autoinstrumentation-nodejs:0.78.0-1');
    expect(init.command).toEqual(['cp', '-r', '/autoinstrumentation/.', '/otel-auto-instrumentation-nodejs']);
    expect(init.volumeMounts).toEqual([{ name: 'otel-auto-instrumentation-nodejs', mountPath: '/otel-auto-instrumentation-nodejs' }]);
    expect(spec.volumes).toContainEqual({ name: 'otel-auto-instrumentation-nodejs', emptyDir: { sizeLimit: '200Mi' } });
    const env = envOf(spec.containers[0]);
    expect(env.NODE_OPTIONS).toBe('--max-old-space-size=200 --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js');
    expect(env).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: stack.collector.otlpHttp.url(), OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp',
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'otel-auto-instrumentation-nodejs', mountPath: '/otel-auto-instrumentation-nodejs', readOnly: true });
  });

  it('the injected pod stays restricted: the init container runs as the workload user, read-only, no capabilities, RuntimeDefault', () => {
    const d = workload(app);
    expect(restrictedProfileViolations([rendered(d)])).toEqual([]);
    stack.instrument(d, { autoInstrument: 'java' });
    const obj = rendered(d);
    expect(restrictedProfileViolations([obj])).toEqual([]);
    expect(obj.spec.template.spec.initContainers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true });
  });

  it('counts the init container in the footprint (the larger of it and the containers, per resource)', () => {
    const d = workload(app);
    stack.instrument(d, { autoInstrument: 'python' });
    const obj = rendered(d);
    const f = footprint([obj]);
    // cdk8s-plus default container: 1 CPU / 512Mi requested; the Python copier: 50m / 64Mi, limit 256Mi.
    expect(f.memoryRequests).toBe(2 * 512 * 2 ** 20);
    const bigInit = structuredClone(obj);
    bigInit.spec.template.spec.initContainers[0].resources.requests.memory = '1Gi';
    expect(footprint([bigInit]).memoryRequests).toBe(2 * 2 ** 30);
  });

  it('Python: PYTHONPATH keeps the existing path between sitecustomize and the packages; exporters over OTLP/HTTP', () => {
    const d = workload(app, { env: { PYTHONPATH: '/app/lib' } });
    stack.instrument(d, { autoInstrument: 'python' });
    const spec = rendered(d).spec.template.spec;
    expect(spec.initContainers[0].image).toBe('otel/autoinstrumentation-python:0.65b0-1');
    expect(envOf(spec.containers[0])).toMatchObject({
      PYTHONPATH: '/otel-auto-instrumentation-python/opentelemetry/instrumentation/auto_instrumentation:/app/lib:/otel-auto-instrumentation-python',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED: 'true',
    });
  });

  it('Java: the agent is appended to JAVA_TOOL_OPTIONS; .NET: the CLR profiler variables, startup hook appended', () => {
    const java = workload(app, { env: { JAVA_TOOL_OPTIONS: '-Xmx256m' } });
    stack.instrument(java, { autoInstrument: 'java' });
    const javaSpec = rendered(java).spec.template.spec;
    expect(javaSpec.initContainers[0].command).toEqual(['cp', '/javaagent.jar', '/otel-auto-instrumentation-java/javaagent.jar']);
    expect(envOf(javaSpec.containers[0]).JAVA_TOOL_OPTIONS).toBe('-Xmx256m -javaagent:/otel-auto-instrumentation-java/javaagent.jar');
    const dotnet = workload(app, { env: { DOTNET_STARTUP_HOOKS: '/app/Hook.dll' } });
    stack.instrument(dotnet, { autoInstrument: 'dotnet' });
    expect(envOf(rendered(dotnet).spec.template.spec.containers[0])).toMatchObject({
      CORECLR_ENABLE_PROFILING: '1', CORECLR_PROFILER: '{918728DD-259F-4A6A-AC2B-B85E1B658318}',
      CORECLR_PROFILER_PATH: '/otel-auto-instrumentation-dotnet/linux/OpenTelemetry.AutoInstrumentation.Native.so',
      DOTNET_STARTUP_HOOKS: '/app/Hook.dll:/otel-auto-instrumentation-dotnet/net/OpenTelemetry.AutoInstrumentation.StartupHook.dll',
      OTEL_DOTNET_AUTO_HOME: '/otel-auto-instrumentation-dotnet',
    });
  });

  it.each([
    ['ruby', {}, /^instrument\(svc-[\w-]+\): autoInstrument 'ruby' has no auto-instrumentation image \(one of nodejs, python, java, dotnet\)$/],
    ['nodejs', { command: ['/bin/sh', '-c', 'node server.js'] }, /runs '\/bin\/sh', not node, so NODE_OPTIONS may never reach Node.js: make the command node/],
    ['nodejs', { command: ['node'], args: ['server.mjs'] }, /starts an ES module \('server.mjs'\), where --require does not instrument imports: load the SDK with --import/],
    ['nodejs', { env: { NODE_OPTIONS: '--require @opentelemetry/auto-instrumentations-node/register' } }, /already preloads an SDK .* so telemetry would be sent twice/],
    ['python', { env: { OTEL_SDK_DISABLED: 'false' } }, /sets OTEL_SDK_DISABLED, so it manages an SDK of its own/],
    ['java', { env: { JAVA_TOOL_OPTIONS: '-javaagent:/opt/opentelemetry-javaagent.jar' } }, /already loads an OpenTelemetry Java agent/],
    ['dotnet', { env: { OTEL_DOTNET_AUTO_HOME: '/otel' } }, /already sets OTEL_DOTNET_AUTO_HOME/],
  ])('refuses %s on %j in one line naming the workload', (language, container, message) => {
    const d = workload(app, container);
    let error: Error | undefined;
    try {
      stack.instrument(d, { autoInstrument: language as never });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/^instrument\(svc-[\w-]+\): [^\n]+$/);
    expect(rendered(d).spec.template.spec.initContainers).toBeUndefined();
  });

  it('emits no Instrumentation resource', () => {
    expect(app.charts.flatMap((c) => c.toJson()).some((o: Obj) => o.kind === 'Instrumentation')).toBe(false);
  });
});

describe('autoInstrument with the Operator', () => {
  const instrumentations = (app: App): Obj[] => app.charts.flatMap((c) => c.toJson()).filter((o: Obj) => o.kind === 'Instrumentation');

  it('annotates the pod template with the inject annotation and the spec hash, adds no init container', () => {
    const { app, stack } = stackIn({ instrumentation: { operator: true } });
    const d = workload(app, { command: ['node', 'server.js'] });
    stack.instrument(d, { autoInstrument: 'nodejs' });
    const template = rendered(d).spec.template;
    expect(template.metadata.annotations).toEqual({
      'instrumentation.opentelemetry.io/inject-nodejs': 'observability/otel-lgtm',
      [INSTRUMENTATION_HASH_ANNOTATION]: stack.operatorInstrumentation!.specHash,
    });
    expect(template.spec.initContainers).toBeUndefined();
    expect(envOf(template.spec.containers[0]).NODE_OPTIONS).toBeUndefined();
    const [inst] = instrumentations(app);
    expect(inst.metadata).toMatchObject({ name: 'otel-lgtm', namespace: 'observability' });
    expect(inst.spec.exporter.endpoint).toBe(stack.collector.otlpHttp.url());
    expect(inst.spec.nodejs.image).toBe('otel/autoinstrumentation-nodejs:0.78.0-1');
  });

  it('a changed Instrumentation spec changes the pods\' hash (so they roll); the same spec keeps it', () => {
    const hash = (props: LgtmStackProps) => stackIn({ instrumentation: { operator: true }, ...props }).stack.operatorInstrumentation!.specHash;
    expect(hash({})).toBe(hash({}));
    expect(hash({ images: { registry: 'registry.example.com/mirror' } })).not.toBe(hash({}));
  });

  it('the Instrumentation uses only fields and values of the Operator\'s CRD (v0.158.0)', () => {
    const crd = parseAllDocuments(readFileSync(join(__dirname, '../fixtures/operator/opentelemetry.io_instrumentations.yaml'), 'utf8'))[0].toJSON();
    const schema = crd.spec.versions.find((v: any) => v.name === 'v1alpha1').schema.openAPIV3Schema;
    const { app } = stackIn({ instrumentation: { operator: true } });
    const [inst] = instrumentations(app);
    expect(outsideSchema(inst.spec, schema.properties.spec, '.spec')).toEqual([]);
  });

  it('settings: a non-boolean operator switch stops synthesis naming the field', () => {
    expect(() => stackIn({ instrumentation: { operator: 'yes' as never } })).toThrow(/instrumentation.operator: "yes" is not allowed \(true or false\)/);
  });
});

/** Fields of `value` the schema does not define, or values outside its types and enums (enough of OpenAPI v3 for a CRD). */
function outsideSchema(value: unknown, schema: any, path: string): string[] {
  if (schema['x-kubernetes-int-or-string']) return ['string', 'number'].includes(typeof value) ? [] : [`${path}: not int-or-string`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in ${schema.enum.join(', ')}`];
  if (schema.type === 'array') return (value as unknown[]).flatMap((v, i) => outsideSchema(v, schema.items, `${path}[${i}]`));
  if (schema.type === 'object') {
    if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
    return Object.entries(value).flatMap(([k, v]) => {
      const sub = schema.properties?.[k] ?? (schema.additionalProperties === true ? {} : schema.additionalProperties);
      return sub ? outsideSchema(v, sub, `${path}.${k}`) : [`${path}.${k}: not in the CRD`];
    });
  }
  if (schema.type && typeof value !== (schema.type === 'integer' ? 'number' : schema.type)) return [`${path}: not ${schema.type}`];
  return [];
}

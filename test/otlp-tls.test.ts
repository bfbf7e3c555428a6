import { parse } from 'yaml';
import { gatewayConfig } from '../config/collector';
import { presets } from '../overlays';
import { StackSettings, mergeProps } from '../settings';
import { settingsFrom } from '../settings/props';
import { manifestProblems, referenceProblems } from './support/manifest-rules';
import { schemaProblems } from './support/k8s-schema';
import { Manifest, objectsOf, synthesize } from './support/synth';
import { unresolvedReferences } from './support/wiring';

/** Staging with OTLP served over TLS (certificate from cert-manager, CA distributed to app namespaces). */
const stagingWithOtlpTls = mergeProps(presets.staging, { collector: { otlpTls: { secretName: 'otel-collector-tls', caConfigMapName: 'otlp-ca' } } });

describe('OTLP over TLS', () => {
  const env: StackSettings = settingsFrom(stagingWithOtlpTls, 'staging').validate();
  const objects = objectsOf(synthesize(env));
  const find = (kind: string, name: string) => objects.find((o: Manifest) => o.kind === kind && o.metadata.name === name)!;

  it('serves both OTLP protocols with the certificate mounted from the Secret', () => {
    const config = parse(find('ConfigMap', 'otel-collector-config').data['config.yaml']);
    const files = { cert_file: '/etc/otelcol/tls/tls.crt', key_file: '/etc/otelcol/tls/tls.key' };
    expect(config.receivers.otlp.protocols.grpc.tls).toEqual(files);
    expect(config.receivers.otlp.protocols.http.tls).toEqual(files);
    const pod = find('StatefulSet', 'otel-collector').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'secret-0', secret: { secretName: 'otel-collector-tls' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'secret-0', mountPath: '/etc/otelcol/tls', readOnly: true });
  });

  it('points the app at https and makes Node trust the CA from its namespace', () => {
    const app = find('Deployment', 'demo-app').spec.template.spec;
    const env = Object.fromEntries(app.containers[0].env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('https://otel-collector.observability.svc:4318');
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/otlp-ca/ca.crt');
    expect(app.volumes).toContainEqual({ name: 'external-config-0', configMap: { name: 'otlp-ca' } });
  });

  it('keeps every manifest contract with the Secret and ConfigMap declared external, and catches them undeclared', () => {
    expect(schemaProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, env.externalSecrets(), env.externalConfigMaps())).toEqual([]);
    expect(unresolvedReferences(objects)).toEqual([]);
    // The app, the cluster receiver (stack namespace) and the node agent (its namespace) each mount the CA.
    const problems = referenceProblems(objects, env.externalSecrets(), []);
    expect(problems.map((p) => /Deployment\/demo-app|Deployment\/otel-cluster-receiver|DaemonSet\/otel-node-agent/.exec(p)?.[0]).sort())
      .toEqual(['DaemonSet/otel-node-agent', 'Deployment/demo-app', 'Deployment/otel-cluster-receiver']);
    for (const p of problems) expect(p).toContain("missing ConfigMap 'otlp-ca'");
  });

  it('is off by default', () => {
    const plain = gatewayConfig(
      { ports: { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 }, environment: 'e', clusterName: 'c', memoryLimitBytes: 2 ** 30, sampling: settingsFrom(presets.staging, 'staging').sampling, corsAllowedOrigins: [], debugExporter: false, profiling: false },
      { tracesOtlpGrpc: 't:4317', logsOtlpHttp: 'http://l', metricsOtlpHttp: 'http://p' });
    expect(plain.receivers.otlp?.protocols.grpc).not.toHaveProperty('tls');
    expect(objectsOf(synthesize('prod')).some((o) => JSON.stringify(o).includes('NODE_EXTRA_CA_CERTS'))).toBe(false);
  });
});

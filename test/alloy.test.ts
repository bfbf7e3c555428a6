/**
 * `collector.distribution: 'alloy'`: every collector tier runs Grafana Alloy's OTel Engine with the
 * very configs the contrib collector gets, and the output still meets every manifest contract.
 * Checked against docs and types only: no Alloy binary or container runtime is available here.
 */
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ENVIRONMENTS, presets } from '../overlays';
import { StackSettings, SettingsError, mergeProps } from '../settings';
import { settingsFrom } from '../settings/props';
import { distributionProblems } from '../settings/collector-distribution';
import { COLLECTOR_TIERS } from '../settings/collector-tiers';
import { LgtmStack } from '../infra';
import { IMAGES } from '../infra/images';
import { schemaProblems } from './support/k8s-schema';
import { manifestProblems } from './support/manifest-rules';
import { podSecurityProblems } from './support/pod-security';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, podSpecOf, synthesize } from './support/synth';
import { unresolvedReferences } from './support/wiring';

/** Every collector tier of prod: gateway, sampler tier, node agent, cluster receiver (the names validation's messages use). */
const TIERS: string[] = Object.values(COLLECTOR_TIERS);
const CONFIG = '--config=/etc/otelcol/config.yaml';

const workloadsOf = (objects: readonly Manifest[]) => new Map(objects.filter((o) => podSpecOf(o)).map((o) => [o.metadata.name, o]));
const containerOf = (workload: Manifest) => podSpecOf(workload).containers[0];
/** Everything but the collector containers' image and command line and the pods' user, which the distribution decides. */
const withoutProcess = (objects: readonly Manifest[]) => JSON.parse(JSON.stringify(objects), (key, value) => (
  ['image', 'command', 'args', 'runAsUser', 'runAsGroup', 'fsGroup'].includes(key) ? undefined : value));

describe.each(ENVIRONMENT_NAMES)('the default distribution in %s', (name) => {
  it('is contrib: every collector tier runs the contrib image with its own entrypoint, unchanged', () => {
    expect(ENVIRONMENTS[name]().collector.distribution).toBe('contrib');
    const tiers = [...workloadsOf(objectsOf(synthesize(name))).values()].filter((w) => TIERS.includes(w.metadata.name));
    expect(tiers.length).toBeGreaterThan(0);
    for (const tier of tiers) {
      expect(containerOf(tier)).toMatchObject({ image: IMAGES.collector, args: [CONFIG] });
      expect(containerOf(tier).command).toBeUndefined();
    }
  });
});

describe('prod with collector.distribution alloy', () => {
  const env: StackSettings = settingsFrom(mergeProps(presets.prod, { collector: { distribution: 'alloy' } }), 'prod').validate();
  const objects = objectsOf(synthesize(env));
  const contrib = objectsOf(synthesize('prod'));
  const workloads = workloadsOf(objects);

  it('runs `alloy otel` with the generated config in every collector tier, as the image\'s alloy user (the agent as root)', () => {
    for (const name of TIERS) {
      const workload = workloads.get(name)!;
      expect([name, containerOf(workload)]).toMatchObject([name, {
        image: IMAGES.alloy, command: ['/bin/alloy'], args: ['otel', CONFIG, '--disable-reporting'],
      }]);
      expect([name, podSpecOf(workload).securityContext.runAsUser]).toEqual([name, name === 'otel-node-agent' ? 0 : 473]);
    }
  });

  it('changes nothing else: the same pipeline YAML, ports, probes, volumes, rules, dashboards and policies', () => {
    expect(withoutProcess(objects)).toEqual(withoutProcess(contrib));
    for (const name of TIERS) expect(containerOf(workloads.get(name)!).readinessProbe).toMatchObject({ httpGet: { path: '/', port: 'health' } });
  });

  it('is scraped like the collector: same jobs, metrics port and self-telemetry reader, so the collector alerts and dashboards select it', () => {
    const scrape = (list: readonly Manifest[]) => list.filter((o) => podSpecOf(o)).map((o) => [o.metadata.name, o.spec.template.metadata.annotations]);
    expect(scrape(objects)).toEqual(scrape(contrib));
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-collector-config')!.data['config.yaml'] as string;
    expect(config).toMatch(/readers:\n\s+- pull:\n\s+exporter:\n\s+prometheus:\n\s+host: 0\.0\.0\.0\n\s+port: 8888/);
  });

  it('meets every manifest contract: schemas, manifest rules, wiring, Pod Security', () => {
    expect(schemaProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, env.externalSecrets())).toEqual([]);
    expect(unresolvedReferences(objects)).toEqual([]);
    expect(podSecurityProblems(objects, env.clusterTelemetry.agentNamespace)).toEqual([]);
  });

  it('takes the image from the environment\'s registry and overrides', () => {
    const mirrored = settingsFrom(mergeProps(presets.dev, {
      collector: { distribution: 'alloy' }, images: { registry: 'registry.example.com/mirror', components: { alloy: { tag: 'v1.20.1' } } },
    }), 'dev').validate();
    const gateway = workloadsOf(objectsOf(synthesize(mirrored))).get('otel-collector')!;
    expect(containerOf(gateway).image).toBe('registry.example.com/mirror/grafana/alloy:v1.20.1');
  });
});

describe.each(ENVIRONMENT_NAMES)('%s with collector.distribution alloy', (name) => {
  it('is valid and synthesizes: every component of every collector config is one Alloy bundles', () => {
    const env = settingsFrom(mergeProps(presets[name as keyof typeof presets], { collector: { distribution: 'alloy' } }), name).validate();
    const objects = objectsOf(synthesize(env));
    const images = [...workloadsOf(objects).values()].filter((w) => TIERS.includes(w.metadata.name)).map((w) => containerOf(w).image);
    expect(new Set(images)).toEqual(new Set([IMAGES.alloy]));
    const configs = objects.filter((o) => o.kind === 'ConfigMap' && TIERS.includes(o.metadata.name.replace(/-config$/, '')));
    expect(configs.length).toBe(images.length);
    for (const c of configs) expect(distributionProblems('alloy', parse(c.data['config.yaml']), c.metadata.name)).toEqual([]);
  });
});

describe('collector.distribution validation', () => {
  it('names each component the distribution lacks, with the pipeline that uses it, before any construct exists', () => {
    const props = mergeProps(presets.staging, {
      collector: {
        distribution: 'alloy',
        // A processor Alloy does not bundle (not in its builder manifest), added the way a JavaScript user could.
        additions: { processors: { 'groupbytrace/mine': {} } as never, pipelines: { traces: { processors: ['groupbytrace/mine'] } } },
      },
    });
    expect(settingsFrom(props, 'staging').problems()).toEqual([
      "collector.distribution: 'alloy' lacks processor 'groupbytrace' (used by the traces pipeline of otel-collector)",
    ]);
    const error = (() => {
      try {
        new LgtmStack(Testing.app(), 'staging', props);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      "collector.distribution: 'alloy' lacks processor 'groupbytrace' (used by the traces pipeline of otel-collector)",
    ]);
  });

  it('accepts only a known distribution, in one line naming the field', () => {
    const env = settingsFrom({ collector: { distribution: 'otelcol-k8s' as never } }, 'custom');
    expect(env.problems()).toEqual(["collector.distribution: 'otelcol-k8s' is not allowed (one of contrib, alloy)"]);
  });
});

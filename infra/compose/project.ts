/**
 * An environment as a Compose project, made from the same synthesis as dist/<env>/ (so every config
 * file is the ConfigMap's data, byte for byte, and every image, argument and variable the pod's):
 * `compose.yaml`, the config folders it binds, and `compose.smoke.yaml`, an override that adds the
 * verify Job as a service (`docker compose -f compose.yaml -f compose.smoke.yaml up --exit-code-from verify`).
 */
import type { ComposeFile, ComposePort, ComposeService } from '../../config/compose';
import { toYaml } from '../../config/yaml';
import type { StackSettings } from '../../settings';
import { IMAGES, IMAGE_HTTP_GET, imageOf } from '../images';
import { discoverablePod } from '../pod-discovery';
import { ChartFiles, ComposeError, K8sObject } from './manifest';
import { SecretRef, ServiceDraft, serviceDraft } from './service';

/** Published ports listen here only: the stack is for this machine, not its network. */
export const PUBLISH_ADDRESS = '127.0.0.1';

/** A port number two services share is published once as itself; the other is moved by this much. */
export const PORT_SHIFT = 10000;

/**
 * Workloads that exist only because of Kubernetes (they read the Kubernetes API or the node), by
 * `app.kubernetes.io/component`; DaemonSets (per-node agents) are left out by kind.
 */
export const KUBERNETES_ONLY_COMPONENTS: readonly string[] = ['cluster-receiver', 'node-agent'];

/** The Job that becomes the smoke override's `verify` service. */
export const SMOKE_JOB = 'verify';

/** A Compose project: the file, the smoke override, the config files they bind, the secrets they read. */
export interface ComposeProject {
  readonly compose: ComposeFile;
  /** Undefined when the environment has no verify Job (`verifyJob.enabled` off). */
  readonly smoke?: ComposeFile;
  /** Path relative to the project folder → content (config files only; no secret is among them). */
  readonly files: ReadonlyMap<string, string>;
  /** Per service, the variables its `secrets/<service>.env` must define. */
  readonly secrets: ReadonlyMap<string, readonly SecretRef[]>;
  /** Config files whose content is not the ConfigMap's, each with why (`file (why)`). */
  readonly adapted: readonly string[];
  /** Services whose pods have a readiness probe their image has no client to run: no health check. */
  readonly unchecked: readonly string[];
}

/** The repository folder, seen from dist/compose/<env>/ (where the demo image is built from). */
const REPOSITORY_FROM_PROJECT = '../../..';

/** Which pinned component an image is, so its health-check client is known. */
function httpGetFor(env: StackSettings): (image: string) => ((url: string) => string[]) | undefined {
  return (image) => {
    if (image === env.app.image) return IMAGE_HTTP_GET.app;
    const component = (Object.keys(IMAGES) as Array<keyof typeof IMAGES>).find((c) => imageOf(c, env.images) === image);
    return component && IMAGE_HTTP_GET[component];
  };
}

/** True for workloads a Compose stack runs: not per-node agents, not readers of the Kubernetes API, not Jobs. */
function runsUnderCompose(o: K8sObject): boolean {
  if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return false;
  return !KUBERNETES_ONLY_COMPONENTS.includes(o.metadata.labels?.['app.kubernetes.io/component'] ?? '');
}

/**
 * Publishes every Service port on {@link PUBLISH_ADDRESS}. Later services in apply order (the ones a
 * user talks to: Grafana, the collector) keep their numbers; an earlier one sharing a number (Tempo's
 * OTLP ports, Loki's gRPC port) is published at that number plus {@link PORT_SHIFT}.
 */
function publish(drafts: readonly ServiceDraft[]): Map<string, ComposePort[]> {
  const taken = new Set<number>();
  const ports = new Map<string, ComposePort[]>();
  for (const draft of [...drafts].reverse()) {
    ports.set(draft.name, draft.servicePorts.map((p) => {
      let host = p.port;
      while (taken.has(host)) host += PORT_SHIFT;
      taken.add(host);
      return { name: p.name, target: p.target, published: String(host), host_ip: PUBLISH_ADDRESS, protocol: 'tcp' };
    }));
  }
  return ports;
}

/** Waits for every service earlier in apply order: healthy where it has a health check, else started. */
function dependsOn(earlier: readonly ServiceDraft[]): ComposeService['depends_on'] {
  if (earlier.length === 0) return undefined;
  return Object.fromEntries(earlier.map((d) => [d.name, { condition: d.service.healthcheck ? 'service_healthy' : 'service_started' }]));
}

/** The environment's synthesized charts → its Compose project. */
export function composeProject(env: StackSettings, charts: ChartFiles): ComposeProject {
  const objects = charts.flatMap((c) => c.objects) as K8sObject[];
  const ctx = {
    objects,
    // In a Compose network a service is reached by its name, on its container's own ports.
    pods: objects.filter(runsUnderCompose).map((o) => discoverablePod(o, o.metadata.name, (port) => port)),
    httpGet: httpGetFor(env),
    build: (image: string) => (image === env.app.image ? { context: REPOSITORY_FROM_PROJECT, dockerfile: 'app/Dockerfile' } : undefined),
  };
  const drafts = objects.filter(runsUnderCompose).map((o) => serviceDraft(o, ctx));
  const names = drafts.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ComposeError(`two workloads are named '${twice}' (in different namespaces): Compose service names must differ`);
  const ports = publish(drafts);
  const services: Record<string, ComposeService> = {};
  drafts.forEach((d, i) => {
    const published = ports.get(d.name)!;
    const depends = dependsOn(drafts.slice(0, i));
    services[d.name] = { ...d.service, ...(published.length > 0 ? { ports: published } : {}), ...(depends ? { depends_on: depends } : {}) };
  });
  const volumeNames = [...new Set(drafts.flatMap((d) => d.namedVolumes))];
  const compose: ComposeFile = { name: `otel-lgtm-${env.name}`, services, ...(volumeNames.length > 0 ? { volumes: Object.fromEntries(volumeNames.map((v) => [v, {}])) } : {}) };

  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === SMOKE_JOB);
  const verify = job && serviceDraft(job, ctx);
  const smoke: ComposeFile | undefined = verify && { name: compose.name, services: { [SMOKE_JOB]: { ...verify.service, depends_on: dependsOn(drafts) } } };

  const all = verify ? [...drafts, verify] : drafts;
  const files = new Map<string, string>(all.flatMap((d) => [...d.files]));
  const secrets = new Map(all.filter((d) => d.secrets.length > 0).map((d) => [d.name, d.secrets]));
  const adapted = all.flatMap((d) => d.adapted);
  const unchecked = drafts.filter((d) => d.uncheckedProbe).map((d) => d.name);
  return { compose, smoke, files, secrets, adapted, unchecked };
}

/** What compose.yaml's header says about the parts that are not the cluster's. */
export interface HeaderNotes {
  /** Workloads left out (Kubernetes only), as `Kind/name`. */
  readonly leftOut: readonly string[];
  /** Config files changed for Compose, each with why. */
  readonly adapted: readonly string[];
  /** Services with a readiness probe in the cluster and no health check here. */
  readonly unchecked: readonly string[];
}

/** The header of compose.yaml: what is and is not the cluster's, and how to start it. */
export function composeHeader(env: string, notes: HeaderNotes): string {
  const list = (items: readonly string[], none: string) => (items.length > 0 ? items.join(', ') : none);
  return [
    `Compose project for the '${env}' environment, made by \`otel-lgtm compose --env ${env}\` from the same`,
    'synthesis as its Kubernetes manifests: config files, images, arguments and environment are the pods\'.',
    'Start: docker compose up   (secrets/*.env are written by the command, 0600, never committed)',
    'Smoke test: docker compose -f compose.yaml -f compose.smoke.yaml up --exit-code-from verify',
    `Left out (Kubernetes only): ${list(notes.leftOut, 'nothing in this environment')}.`,
    `Changed for Compose: ${list(notes.adapted, 'no file')}.`,
    `No health check (the image has no shell or HTTP client to run the readiness probe): ${list(notes.unchecked, 'none')}; what waits for them waits for their start.`,
    'Ports are published on 127.0.0.1 only; Service DNS names (<svc>.<ns>.svc) are network aliases here.',
  ].map((line) => ` ${line}`).join('\n');
}

/** Workloads of the manifests this project leaves out, as `Kind/name`. */
export function leftOut(charts: ChartFiles): string[] {
  const objects = charts.flatMap((c) => c.objects) as K8sObject[];
  return objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && !runsUnderCompose(o)).map((o) => `${o.kind}/${o.metadata.name}`);
}

/** compose.yaml's text: the header comment, then the document. */
export function composeYaml(file: ComposeFile, header: string): string {
  return `#${header.split('\n').join('\n#')}\n${toYaml(file)}`;
}

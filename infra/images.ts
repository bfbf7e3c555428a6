import type { ImageSettings } from '../settings/schema';

/**
 * Every third-party image, pinned. One place to bump versions; configs in config/ are written
 * for exactly these versions.
 */
export const IMAGES = {
  /** Contrib distribution: has tail_sampling, span_metrics/service_graph connectors and file_storage. */
  collector: 'otel/opentelemetry-collector-contrib:0.159.0',
  /**
   * Grafana Alloy, whose OTel Engine (`alloy otel`) runs the collector YAML with `collector.distribution: 'alloy'`.
   * v1.20.0 bundles collector v0.161.0 components; its component list (settings/collector-distribution.ts)
   * and test/fixtures/alloy/ are for exactly this version: refresh them when bumping it.
   */
  alloy: 'grafana/alloy:v1.20.0',
  /** Tempo 3 monolithic (`-target=all`: live-store and backend scheduler/worker in one process, no Kafka; see README). */
  tempo: 'grafana/tempo:3.0.3',
  loki: 'grafana/loki:3.7.7',
  prometheus: 'prom/prometheus:v3.14.0',
  grafana: 'grafana/grafana:13.2.1',
  alertmanager: 'prom/alertmanager:v0.35.1',
  /*
   * The OpenTelemetry Operator project's auto-instrumentation images (autoinstrumentation/<language>/ in
   * open-telemetry/opentelemetry-operator at be89444, Aug 2026), from their Docker Hub mirror: tag
   * `<SDK version>-<revision>` is the immutable one (autoinstrumentation/README.md). Node.js: the
   * image's package.json pins @opentelemetry/auto-instrumentations-node 0.78.0 (what `npm run e2e`
   * installs and runs); Python: opentelemetry-distro 0.65b0; Java: the Java agent 2.31.0; .NET 1.16.0.
   */
  autoInstrumentationNodejs: 'otel/autoinstrumentation-nodejs:0.78.0-1',
  autoInstrumentationPython: 'otel/autoinstrumentation-python:0.65b0-1',
  autoInstrumentationJava: 'otel/autoinstrumentation-java:2.31.0-1',
  autoInstrumentationDotnet: 'otel/autoinstrumentation-dotnet:1.16.0-1',
} as const;

/** The non-root user each image runs as (also used as group and fsGroup). */
export const IMAGE_USERS = {
  collector: 10001,
  // The `alloy` user the image creates (grafana/alloy Dockerfile: ARG UID="473", useradd -u $UID) but
  // does not switch to: the image's default user is root, so the pod sets this one.
  alloy: 473,
  tempo: 10001,
  loki: 10001,
  prometheus: 65534,
  grafana: 472,
  alertmanager: 65534,
  // The distroless nodejs image's nonroot user (app/Dockerfile: USER 65532:65532).
  app: 65532,
} as const;

/**
 * A component's image with the environment's overrides: a registry in front of the pinned
 * repository, and repository or tag replaced where given.
 */
export function imageOf(component: keyof typeof IMAGES, settings: ImageSettings): string {
  const pinned = IMAGES[component];
  const colon = pinned.lastIndexOf(':');
  const override = settings.components[component];
  const repository = override?.repository ?? pinned.slice(0, colon);
  const tag = override?.tag ?? pinned.slice(colon + 1);
  return `${settings.registry ? `${settings.registry}/` : ''}${repository}:${tag}`;
}

/** A container health-check command that GETs `url` and fails unless it answers 2xx. */
type HttpGetCommand = (url: string) => string[];

/** busybox `wget` (exit 1 on an HTTP error status). */
const busyboxWget: HttpGetCommand = (url) => ['CMD', 'wget', '-q', '-O', '/dev/null', url];

/**
 * How to make an HTTP GET inside each image, for the Compose health checks made from the readiness
 * probes (Kubernetes probes from outside the container; Compose runs a command inside it). An image
 * missing here has no such tool: its service gets no health check (compose.yaml's header names them),
 * and what waits for it waits for its start. Tempo 3.0.3's final stage is distroless/static-debian12
 * and Loki 3.7's distroless/static:nonroot (cmd/tempo/Dockerfile and cmd/loki/Dockerfile at the release tags): no shell or
 * client; the collector image has only the collector binary.
 */
export const IMAGE_HTTP_GET: Readonly<Partial<Record<keyof typeof IMAGES | 'app', HttpGetCommand>>> = {
  // Built on the Prometheus project's busybox base image.
  prometheus: busyboxWget,
  alertmanager: busyboxWget,
  // The default grafana/grafana image is Alpine-based (busybox wget); the `-ubuntu` tags are not.
  grafana: busyboxWget,
  // The demo image is distroless Node.js 22 (app/Dockerfile): node and its global fetch.
  app: (url) => ['CMD', 'node', '-e', `fetch(${JSON.stringify(url)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
};

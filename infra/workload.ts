import { createHash } from 'node:crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImagePullPolicy } from '../settings/stack-settings';
import { AutoscalingSettings, ResourceSettings } from '../settings/schema';
import { parseQuantity } from '../settings/units';
import { PodOptions, namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { selectorLabels, workloadLabels } from './labels';
import { RESTRICTED_CONTAINER, restrictedPod } from './security';
import { checkUniqueObjects } from './unique-objects';

/** A named container port, also exposed by the Service. */
export interface PortSpec {
  /** IANA-style name, at most 15 lowercase characters (Kubernetes rejects longer). */
  readonly name: string;
  /** Port number, used as both container and Service port. */
  readonly port: number;
  /**
   * Also carries UDP (gossip, e.g. Alertmanager's cluster): NetworkPolicies admit both protocols.
   * @default false
   */
  readonly udp?: boolean;
}

/** An HTTP GET check against a named port. */
export interface HttpCheck {
  /** Request path. */
  readonly path: string;
  /** Name of a port in `ports`. */
  readonly port: string;
  /**
   * Seconds before the first check.
   * @default 5 for readiness, 30 for liveness
   */
  readonly initialDelaySeconds?: number;
}

/** Files mounted read-only from a ConfigMap the workload owns. */
export interface ConfigFiles {
  /** Suffix of the ConfigMap's name (`<workload>-<suffix>`) and of its volume. */
  readonly suffix: string;
  /** Directory the files appear in. */
  readonly mountPath: string;
  /** File name → content. A function is evaluated at synthesis, after every construct exists. */
  readonly files: Record<string, string> | (() => Record<string, string>);
}

/** A writable data directory. */
export interface DataVolume {
  /** Where the component writes. */
  readonly mountPath: string;
  /**
   * Claim size; when given the data lives on a PersistentVolumeClaim per replica.
   * @default - an emptyDir that lives as long as the pod
   */
  readonly persistentSize?: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster default
   */
  readonly storageClass?: string;
}

/** Everything that differs between the stack's workloads; the rest is decided here, once. */
export interface WorkloadProps {
  /** Name of the workload, its Service and the prefix of its ConfigMaps. */
  readonly name: string;
  /** `app.kubernetes.io/component` value (e.g. `traces`, `collector`). */
  readonly component: string;
  /** Pinned image. */
  readonly image: string;
  /** Pull policy. */
  readonly imagePullPolicy: ImagePullPolicy;
  /** Requests and limits. */
  readonly resources: ResourceSettings;
  /** UID the image runs as; also its GID and the pod's fsGroup so it can write its volumes. */
  readonly user: number;
  /**
   * Replica count.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Container command (replaces the image entrypoint).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Container arguments.
   * @default - the image's default arguments
   */
  readonly args?: string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly envVars?: k8s.EnvVar[];
  /**
   * Ports; the workload gets a ClusterIP Service exposing them when there is at least one.
   * @default - no ports and no Service
   */
  readonly ports?: PortSpec[];
  /**
   * Readiness check.
   * @default - none
   */
  readonly readiness?: HttpCheck;
  /**
   * Liveness check.
   * @default - none
   */
  readonly liveness?: HttpCheck;
  /**
   * Config files; their content is hashed into a pod annotation so a change rolls the pods.
   * @default - none
   */
  readonly configs?: ConfigFiles[];
  /**
   * The data directory. A workload with one is a StatefulSet; without, a Deployment.
   * @default - no data volume
   */
  readonly data?: DataVolume;
  /**
   * Secrets mounted read-only as files (each key a file).
   * @default - none
   */
  readonly secretFiles?: ReadonlyArray<{ readonly secretName: string; readonly mountPath: string }>;
  /**
   * ConfigMaps created elsewhere, mounted read-only as files.
   * @default - none
   */
  readonly configMapFiles?: ReadonlyArray<{ readonly configMapName: string; readonly mountPath: string }>;
  /**
   * Extra writable scratch directories (emptyDir), e.g. `/tmp`.
   * @default - none
   */
  readonly scratchPaths?: string[];
  /**
   * Set GOMEMLIMIT to 85 % of the memory limit, so a Go runtime collects garbage before the OOM killer acts.
   * @default false
   */
  readonly goRuntime?: boolean;
  /**
   * Port name and path Prometheus scrapes for this workload's own metrics.
   * @default - not scraped
   */
  readonly metrics?: { readonly port: string; readonly path: string };
  /**
   * Name of a ServiceAccount whose token the pod needs (for API access).
   * @default - the namespace's default account, with no token mounted
   */
  readonly serviceAccountName?: string;
  /**
   * Make the Service headless (no cluster IP; DNS returns every pod), for clients that balance themselves.
   * @default false
   */
  readonly headless?: boolean;
  /**
   * A second Service, headless and listing every pod whether ready or not, on ports of its own (also
   * container ports, but not on the workload's own Service): how replicas find each other by DNS to
   * form a ring or a gossip cluster (memberlist, Alertmanager's cluster) before any of them is ready.
   * @default - none
   */
  readonly peers?: PeerService;
  /**
   * Pods of a replicated workload a voluntary disruption (a node drain) may take at once: its
   * PodDisruptionBudget's maxUnavailable. At least 1, or the budget would block every drain.
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * Also spread the replicas of a replicated workload across zones (`topology.kubernetes.io/zone`,
   * ScheduleAnyway: a cluster with one zone, or unlabelled nodes, still schedules them), besides
   * the hard spread across nodes.
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Scale on CPU with a HorizontalPodAutoscaler; `replicas` is then left to the autoscaler.
   * @default - fixed `replicas`
   */
  readonly autoscaling?: AutoscalingSettings;
  /**
   * Seconds the pod gets to flush and exit after SIGTERM.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Scheduling, metadata, extra environment variables and volumes of the pods.
   * @default - nothing added
   */
  readonly pod?: PodOptions;
}

/** A headless Service over every pod, ready or not, for peer discovery. */
export interface PeerService {
  /** Its name (`<name>.<namespace>.svc` resolves to every pod's address). */
  readonly serviceName: string;
  /** Its ports, which the container declares as well. */
  readonly ports: PortSpec[];
}

/** The DNS name of a StatefulSet's pod `ordinal` under its governing (headless) Service. */
export function podHost(workload: string, ordinal: number, governingService: string, namespace: string): string {
  return `${workload}-${ordinal}.${governingService}.${namespace}.svc`;
}

/** One HTTP port named `http` with the Prometheus family's health endpoints (`/-/ready`, `/-/healthy`): Prometheus, Alertmanager. */
export function prometheusStyleHttp(port: number): Pick<WorkloadProps, 'ports' | 'readiness' | 'liveness'> {
  return { ports: [{ name: 'http', port }], readiness: { path: '/-/ready', port: 'http' }, liveness: { path: '/-/healthy', port: 'http' } };
}

/** The pod annotations that have Prometheus's pod discovery scrape `path` on `port`. */
export function scrapeAnnotations(port: number, path: string): Record<string, string> {
  return { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: String(port), [SCRAPE_ANNOTATIONS.path]: path };
}

/** Annotation holding a hash of the workload's ConfigMap data. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
/** Annotations Prometheus's pod discovery reads. */
export const SCRAPE_ANNOTATIONS = { scrape: 'prometheus.io/scrape', port: 'prometheus.io/port', path: 'prometheus.io/path' } as const;

/**
 * One workload of the stack with the shared defaults applied: restricted security context,
 * probes on named ports, explicit resources, config checksum, writable volumes only where needed,
 * and a Service that hands out typed endpoints.
 */
export class Workload extends Construct {
  /** The workload's name: its pods' `app.kubernetes.io/name`, hence its Prometheus job. */
  readonly name: string;
  /** The Service's name, or undefined when the workload has no ports. */
  readonly serviceName?: string;
  /** Namespace the workload runs in. */
  readonly namespace: string;
  /** Labels that select its pods. */
  readonly selector: Record<string, string>;
  /** Its ports: the Service's, then the peer Service's. */
  readonly ports: readonly PortSpec[];
  /** The headless peer Service's name, when it has one. */
  readonly peerServiceName?: string;
  private readonly peerPorts: readonly PortSpec[];
  /** Whether Prometheus scrapes its own metrics (it has a `metrics` port and path); its job is `name`. */
  readonly scraped: boolean;
  /** Its fixed replica count (undefined when autoscaled). */
  readonly replicas?: number;
  /** Its fewest pods: the fixed count, or the autoscaler's floor. */
  readonly minReplicas: number;

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    checkUniqueObjects(this);
    this.namespace = namespaceOf(scope);
    const servicePorts = props.ports ?? [];
    this.peerPorts = props.peers?.ports ?? [];
    this.ports = [...servicePorts, ...this.peerPorts];
    this.peerServiceName = props.peers?.serviceName;
    const labels = workloadLabels(props.name, props.component);
    const selector = selectorLabels(props.name);
    this.selector = selector;
    this.name = props.name;
    this.scraped = props.metrics !== undefined;

    const configMaps = (props.configs ?? []).map((config) => {
      const name = `${props.name}-${config.suffix}`;
      const files = config.files;
      const data = typeof files === 'function' ? Lazy.any({ produce: files }) : files;
      new k8s.KubeConfigMap(this, `config-${config.suffix}`, { metadata: { name, labels }, data: data as Record<string, string> });
      return { name, config };
    });

    const servicePortsOf = (ports: readonly PortSpec[]) =>
      ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' }));
    if (servicePorts.length > 0) {
      this.serviceName = props.name;
      new k8s.KubeService(this, 'service', {
        metadata: { name: props.name, labels },
        spec: { type: 'ClusterIP', clusterIp: props.headless ? 'None' : undefined, selector, ports: servicePortsOf(servicePorts) },
      });
    }
    if (props.peers) {
      // Not-ready pods too: a ring forms before its members are ready (they become ready by joining it).
      new k8s.KubeService(this, 'peer-service', {
        metadata: { name: props.peers.serviceName, labels },
        spec: { type: 'ClusterIP', clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: servicePortsOf(props.peers.ports) },
      });
    }

    const podAnnotations = Lazy.any({ produce: () => podAnnotationsFor(props, configMaps.map((c) => c.config)) });
    const volumes: k8s.Volume[] = [
      ...configMaps.map(({ name, config }) => ({ name: config.suffix, configMap: { name } })),
      ...(props.scratchPaths ?? []).map((_, i) => ({ name: `scratch-${i}`, emptyDir: {} })),
      ...(props.secretFiles ?? []).map((f, i) => ({ name: `secret-${i}`, secret: { secretName: f.secretName } })),
      ...(props.configMapFiles ?? []).map((f, i) => ({ name: `external-config-${i}`, configMap: { name: f.configMapName } })),
    ];
    const volumeMounts: k8s.VolumeMount[] = [
      ...configMaps.map(({ config }) => ({ name: config.suffix, mountPath: config.mountPath, readOnly: true })),
      ...(props.scratchPaths ?? []).map((mountPath, i) => ({ name: `scratch-${i}`, mountPath })),
      ...(props.secretFiles ?? []).map((f, i) => ({ name: `secret-${i}`, mountPath: f.mountPath, readOnly: true })),
      ...(props.configMapFiles ?? []).map((f, i) => ({ name: `external-config-${i}`, mountPath: f.mountPath, readOnly: true })),
    ];
    for (const extra of props.pod?.extraVolumes ?? []) {
      volumes.push(extra.volume);
      volumeMounts.push({ name: extra.volume.name, mountPath: extra.mountPath, readOnly: extra.readOnly ?? true });
    }
    if (props.data) {
      volumeMounts.push({ name: 'data', mountPath: props.data.mountPath });
      if (!props.data.persistentSize) volumes.push({ name: 'data', emptyDir: {} });
    }

    const container: k8s.Container = {
      name: props.name,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      command: props.command,
      args: props.args,
      env: [
        ...(props.envVars ?? []), ...goMemoryLimit(props),
        ...Object.entries(props.pod?.extraEnv ?? {}).map(([name, value]) => ({ name, value })),
      ],
      ports: this.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
      readinessProbe: props.readiness && httpProbe(props.readiness, 5, 10),
      livenessProbe: props.liveness && httpProbe(props.liveness, 30, 20),
      resources: containerResources(props.resources),
      securityContext: RESTRICTED_CONTAINER,
      volumeMounts,
    };

    const replicas = this.replicas = props.autoscaling ? undefined : props.replicas ?? 1;
    this.minReplicas = props.autoscaling?.minReplicas ?? replicas ?? 1;
    const replicated = (props.autoscaling?.maxReplicas ?? replicas ?? 1) > 1;
    const template: k8s.PodTemplateSpec = {
      // Extra labels first: the workload's own (selector) labels always win.
      metadata: { labels: { ...props.pod?.labels, ...labels }, annotations: podAnnotations as unknown as Record<string, string> },
      spec: {
        nodeSelector: nonEmpty(props.pod?.nodeSelector),
        tolerations: props.pod?.tolerations?.length ? [...props.pod.tolerations] : undefined,
        affinity: props.pod?.affinity,
        priorityClassName: props.pod?.priorityClassName,
        imagePullSecrets: props.pod?.imagePullSecrets?.length ? props.pod.imagePullSecrets.map((name) => ({ name })) : undefined,
        serviceAccountName: props.serviceAccountName,
        automountServiceAccountToken: props.serviceAccountName !== undefined,
        enableServiceLinks: false,
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
        securityContext: restrictedPod(props.user),
        containers: [container],
        volumes,
        // Replicas on one node fail together: spread them.
        topologySpreadConstraints: props.pod?.topologySpread
          ? props.pod.topologySpread.map((c) => ({ ...c, labelSelector: c.labelSelector ?? { matchLabels: selector } }))
          : replicated
            ? [
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
              ...(props.spreadAcrossZones
                ? [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }]
                : []),
            ]
            : undefined,
      },
    };

    const metadata = { name: props.name, labels };
    if (replicated) {
      // Replicas only help if evictions leave some running; a budget of 0 would block every drain.
      const maxUnavailable = props.maxUnavailable ?? 1;
      if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) {
        throw new Error(`${this.node.path}: maxUnavailable ${maxUnavailable} would block every drain (an integer from 1 up)`);
      }
      new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata, spec: { maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable), selector: { matchLabels: selector } },
      });
    }
    if (props.data) {
      new k8s.KubeStatefulSet(this, 'workload', {
        metadata,
        spec: {
          replicas,
          // The governing Service gives each pod a DNS name: the headless peer Service where there is one.
          serviceName: props.peers?.serviceName ?? props.name,
          selector: { matchLabels: selector },
          template,
          volumeClaimTemplates: props.data.persistentSize ? [claimTemplate(props.data, labels)] : undefined,
        },
      });
    } else {
      new k8s.KubeDeployment(this, 'workload', {
        metadata,
        spec: { replicas, selector: { matchLabels: selector }, template },
      });
    }
    if (props.autoscaling) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: props.data ? 'StatefulSet' : 'Deployment', name: props.name },
          minReplicas: props.autoscaling.minReplicas,
          maxReplicas: props.autoscaling.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.autoscaling.cpuUtilizationPercent } } }],
        },
      });
    }
  }

  /**
   * Each replica's own endpoint of the named port (`<name>-<ordinal>.<peer Service>.<namespace>.svc`),
   * for clients that must reach every replica: a StatefulSet with a peer Service and fixed replicas.
   */
  podEndpoints(portName: string): Endpoint[] {
    const port = this.ports.find((p) => p.name === portName);
    if (!port || !this.peerServiceName || this.replicas === undefined) throw new Error(`${this.node.path}: no per-pod endpoints of '${portName}' (needs a peer Service and fixed replicas)`);
    return Array.from({ length: this.replicas }, (_, i) => new Endpoint(podHost(this.name, i, this.peerServiceName!, this.namespace), port.port));
  }

  /** The in-cluster endpoint of the named port: on the workload's Service, or for a peer port on the peer Service. */
  endpoint(portName: string): Endpoint {
    const port = this.ports.find((p) => p.name === portName);
    const service = port && (this.peerPorts.includes(port) ? this.peerServiceName : this.serviceName);
    if (!port || !service) throw new Error(`${this.node.path} has no port named '${portName}'`);
    return new Endpoint(`${service}.${this.namespace}.svc`, port.port);
  }
}

const nonEmpty = <T extends object>(o: T | undefined): T | undefined => (o && Object.keys(o).length > 0 ? o : undefined);

/** Requests and limits as a container wants them. */
export function containerResources(r: ResourceSettings): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(r.requests.cpu), memory: k8s.Quantity.fromString(r.requests.memory) },
    limits: { cpu: k8s.Quantity.fromString(r.limits.cpu), memory: k8s.Quantity.fromString(r.limits.memory) },
  };
}

function httpProbe(check: HttpCheck, defaultDelay: number, period: number): k8s.Probe {
  return {
    httpGet: { path: check.path, port: k8s.IntOrString.fromString(check.port) },
    initialDelaySeconds: check.initialDelaySeconds ?? defaultDelay,
    periodSeconds: period,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

/** GOMEMLIMIT at 85 % of the memory limit, for a Go program (none otherwise). */
export function goMemoryLimit(props: Pick<WorkloadProps, 'goRuntime' | 'resources'>): k8s.EnvVar[] {
  if (!props.goRuntime) return [];
  const mebibytes = Math.floor((parseQuantity(props.resources.limits.memory) * 0.85) / 2 ** 20);
  return [{ name: 'GOMEMLIMIT', value: `${mebibytes}MiB` }];
}

function podAnnotationsFor(props: WorkloadProps, configs: readonly ConfigFiles[]): Record<string, string> | undefined {
  // The environment's extra annotations first: the stack's own (checksum, scrape) always win.
  const annotations: Record<string, string> = { ...props.pod?.annotations };
  if (configs.length > 0) annotations[CONFIG_CHECKSUM_ANNOTATION] = configChecksum(configs);
  if (props.metrics) {
    const port = props.ports?.find((p) => p.name === props.metrics?.port);
    if (!port) throw new Error(`${props.name}: metrics port '${props.metrics.port}' is not one of its ports`);
    Object.assign(annotations, scrapeAnnotations(port.port, props.metrics.path));
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/** SHA-256 of the config files' content only (not labels), so only a real config change rolls pods. */
export function configChecksum(configs: readonly ConfigFiles[]): string {
  const hash = createHash('sha256');
  for (const config of configs) {
    const files = typeof config.files === 'function' ? config.files() : config.files;
    for (const name of Object.keys(files).sort()) hash.update(`${config.suffix}/${name}\0${files[name]}\0`);
  }
  return hash.digest('hex');
}

function claimTemplate(data: DataVolume, labels: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: 'data', labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: data.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(data.persistentSize!) } },
    },
  };
}

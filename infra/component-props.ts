import { Chart, Size } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { ImagePullPolicy } from '../settings/stack-settings';
import type { ExtraVolume, ResourceSettings } from '../settings/schema';
import { sizeQuantity } from '../settings/units';
import { DEFAULT_RESOURCES } from '../settings/stack-settings';
import { IMAGE_USERS, IMAGES } from './images';
import type { DataVolume } from './workload';

/** Scheduling and metadata of a component's pods: the pod knobs of a Helm values file. */
export interface PodOptions {
  /**
   * Node labels a pod's node must carry.
   * @default {}
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods tolerate.
   * @default []
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * Node and pod affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Extra labels on every pod (never in selectors).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on every pod.
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Secrets to pull images with.
   * @default []
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Topology spread constraints, replacing the default (replicated workloads spread hard across
   * nodes); the pods' selector labels are matched where a constraint has no `labelSelector`.
   * @default - the default spread for replicated workloads
   */
  readonly topologySpread?: readonly k8s.TopologySpreadConstraint[];
  /**
   * Extra environment variables of the component's container.
   * @default {}
   */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /**
   * Extra volumes and where the container mounts them.
   * @default []
   */
  readonly extraVolumes?: readonly ExtraVolume[];
  /**
   * Annotations on the ServiceAccounts the component creates (cloud workload identity).
   * @default {}
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/** What every component construct takes besides its own settings: image, pull policy, resources, pods. */
export interface ComponentProps {
  /**
   * Container image.
   * @default - the component's pinned image (IMAGES)
   */
  readonly image?: string;
  /**
   * Pull policy.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * CPU and memory requests and limits.
   * @default - the component's default (DEFAULT_RESOURCES)
   */
  readonly resources?: ResourceSettings;
  /**
   * Scheduling, metadata and extras of its pods.
   * @default - nothing added
   */
  readonly pod?: PodOptions;
}

/** A third-party component's container: its props' image, pull policy, resources and pod knobs over the pins and defaults, and the image's user. */
export function componentContainer(props: ComponentProps, component: 'tempo' | 'loki' | 'prometheus' | 'grafana' | 'alertmanager') {
  return {
    image: props.image ?? IMAGES[component],
    imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
    resources: props.resources ?? DEFAULT_RESOURCES[component],
    user: IMAGE_USERS[component],
    pod: props.pod,
  } as const;
}

/** Where a stateful component keeps its data. */
export interface StorageProps {
  /**
   * Size of the PersistentVolumeClaim each replica gets.
   * @default - no claim: an emptyDir that lives as long as the pod
   */
  readonly size?: Size;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
}

/** The data volume of a stateful component at `mountPath`: a claim when sized, else an emptyDir. */
export function dataVolume(storage: StorageProps | undefined, mountPath: string): DataVolume {
  return storage?.size
    ? { mountPath, persistentSize: sizeQuantity(storage.size), storageClass: storage.storageClass }
    : { mountPath };
}

/** A chart of its own for one component (its own file under dist/<env>/), applied after `dependsOn` (the namespaces). */
export function componentChart(scope: Construct, id: string, namespace: string, dependsOn: Chart): Chart {
  const chart = new Chart(scope, id, { namespace, disableResourceNameHashes: true });
  chart.addDependency(dependsOn);
  return chart;
}

/** The namespace of the Chart a construct is in, if it is in a Chart that has one. */
export function chartNamespaceOf(scope: IConstruct): string | undefined {
  const chart = scope.node.scopes.reverse().find((c) => Chart.isChart(c)) as Chart | undefined;
  return chart?.namespace;
}

/** The namespace of the Chart a construct is in; one line naming the construct when there is none. */
export function namespaceOf(scope: Construct): string {
  const namespace = chartNamespaceOf(scope);
  if (!namespace) throw new Error(`${scope.node.path}: put it in a Chart with a namespace (its Services are addressed as <name>.<namespace>.svc)`);
  return namespace;
}

/** ServiceAccount metadata: name, labels and the pod options' account annotations (workload identity). */
export function serviceAccountMetadata(name: string, labels: Record<string, string>, pod: PodOptions | undefined) {
  const annotations = pod?.serviceAccountAnnotations ?? {};
  return { name, labels, annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined };
}

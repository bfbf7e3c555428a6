import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { StackSettings } from '../settings';
import type { StatefulComponent, WorkloadName } from '../settings/schema';
import { IMAGE_USERS, IMAGES, imageOf } from './images';
import type { DataVolume } from './workload';
import { podOptions } from './props-from-settings';

/** What every component chart needs. */
export interface ComponentChartProps {
  /** The environment being synthesized. */
  readonly env: StackSettings;
  /** Namespace the component's objects go to. */
  readonly namespace: string;
  /** Charts that must be applied before this one (at least the namespaces). */
  readonly dependsOn: readonly Chart[];
}

/**
 * One chart per component, so each lands in its own file under dist/<env>/ and is reviewed as
 * its own diff. Dependencies order the files (the namespaces chart is 0000-…).
 */
export abstract class ComponentChart extends Chart {
  protected readonly env: StackSettings;

  constructor(scope: Construct, id: string, props: ComponentChartProps) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    this.env = props.env;
    for (const chart of props.dependsOn) this.addDependency(chart);
  }

  /** The data volume of a stateful component: a claim of the environment's size when it persists data, else an emptyDir. */
  protected dataVolume(component: StatefulComponent, mountPath: string): DataVolume {
    const { persistence } = this.env;
    return persistence.enabled
      ? { mountPath, persistentSize: persistence.size[component], storageClass: persistence.storageClass }
      : { mountPath };
  }

  /**
   * Image, pull policy, resources, user and pod settings of a third-party stack component, from the
   * pins and the environment.
   */
  protected stackContainer(component: keyof typeof IMAGES & WorkloadName) {
    return {
      image: imageOf(component, this.env.images),
      imagePullPolicy: this.env.imagePullPolicy,
      resources: this.env.resources[component],
      user: IMAGE_USERS[component],
      ...this.podSettings(component),
    };
  }

  /** The environment's pod settings for a workload (scheduling, metadata, extra env). */
  protected podSettings(component: WorkloadName) {
    return { pod: podOptions(this.env, component) };
  }

  /** Metadata of a ServiceAccount the stack creates: its name, labels, and the environment's annotations (workload identity). */
  protected serviceAccountMetadata(name: string, labels: Record<string, string>) {
    const annotations = this.env.pods.serviceAccountAnnotations;
    return { name, labels, annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined };
  }
}

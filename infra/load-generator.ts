import { Construct } from 'constructs';
import { DEFAULT_APP, DEFAULT_LOAD_GENERATOR, DEFAULT_RESOURCES } from '../settings/stack-settings';
import { ComponentProps } from './component-props';
import { Endpoint } from './endpoint';
import { IMAGE_USERS } from './images';
import { Workload } from './workload';

/** Seconds in one bounded round; the container runs rounds back to back until it is stopped. */
const ROUND_SECONDS = 300;

/** The load generator's settings and what it drives. */
export interface LoadGeneratorProps extends ComponentProps {
  /** The demo service. */
  readonly target: Endpoint;
  /**
   * Requests per second.
   * @default 5
   */
  readonly rate?: number;
  /**
   * Share of requests to the failing route, percent.
   * @default 5
   */
  readonly errorPercent?: number;
  /**
   * Share of requests to the slow route, percent.
   * @default 30
   */
  readonly workPercent?: number;
  /**
   * Longest work a slow request asks for, ms.
   * @default 1500
   */
  readonly maxWorkMs?: number;
}

/** Steady synthetic traffic over the healthy, slow and failing routes of the demo service (the demo service's image). Its namespace is its Chart's. */
export class LoadGenerator extends Construct {
  /** The running workload. */
  readonly workload: Workload;

  constructor(scope: Construct, id: string, props: LoadGeneratorProps) {
    super(scope, id);
    const d = DEFAULT_LOAD_GENERATOR;
    this.workload = new Workload(this, 'loadgen', {
      name: 'loadgen',
      component: 'load-generator',
      image: props.image ?? DEFAULT_APP.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      resources: props.resources ?? DEFAULT_RESOURCES.loadgen,
      user: IMAGE_USERS.app,
      pod: props.pod,
      command: ['node', 'app/build/loadgen.js'],
      envVars: [
        { name: 'LOADGEN_TARGET_URL', value: props.target.url() },
        { name: 'LOADGEN_RATE', value: String(props.rate ?? d.rate) },
        { name: 'LOADGEN_DURATION_SECONDS', value: String(ROUND_SECONDS) },
        { name: 'LOADGEN_ROUNDS', value: '0' },
        { name: 'LOADGEN_ERROR_PERCENT', value: String(props.errorPercent ?? d.errorPercent) },
        { name: 'LOADGEN_WORK_PERCENT', value: String(props.workPercent ?? d.workPercent) },
        { name: 'LOADGEN_MAX_WORK_MS', value: String(props.maxWorkMs ?? d.maxWorkMs) },
      ],
      terminationGracePeriodSeconds: 10,
    });
  }
}

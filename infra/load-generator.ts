import { Construct } from 'constructs';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { IMAGE_USERS } from './images';
import { Workload } from './workload';

/** What the load generator drives. */
export interface LoadGeneratorProps extends ComponentChartProps {
  /** The demo service. */
  readonly target: Endpoint;
}

/** Seconds in one bounded round; the container runs rounds back to back until it is stopped. */
const ROUND_SECONDS = 300;

/** Steady synthetic traffic over the healthy, slow and failing routes of the demo service. */
export class LoadGenerator extends ComponentChart {
  constructor(scope: Construct, id: string, props: LoadGeneratorProps) {
    super(scope, id, props);
    const { env } = this;
    const settings = env.loadGenerator;
    new Workload(this, 'loadgen', {
      name: 'loadgen',
      component: 'load-generator',
      image: env.app.image,
      imagePullPolicy: env.imagePullPolicy,
      resources: env.resources.loadgen,
      user: IMAGE_USERS.app,
      ...this.podSettings('loadgen'),
      command: ['node', 'app/build/loadgen.js'],
      envVars: [
        { name: 'LOADGEN_TARGET_URL', value: props.target.url() },
        { name: 'LOADGEN_RATE', value: String(settings.rate) },
        { name: 'LOADGEN_DURATION_SECONDS', value: String(ROUND_SECONDS) },
        { name: 'LOADGEN_ROUNDS', value: '0' },
        { name: 'LOADGEN_ERROR_PERCENT', value: String(settings.errorPercent) },
        { name: 'LOADGEN_WORK_PERCENT', value: String(settings.workPercent) },
        { name: 'LOADGEN_MAX_WORK_MS', value: String(settings.maxWorkMs) },
      ],
      terminationGracePeriodSeconds: 10,
    });
  }
}

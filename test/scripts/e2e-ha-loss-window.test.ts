/** The sampler's loss window the e2e --ha run excuses, read from the configs it runs. */
import { stringify } from 'yaml';
import { SCHEDULING_SLACK_MS, samplerLossWindow } from '../../scripts/e2e-ha/loss-window';
import { haObjects } from '../../scripts/e2e-ha/topology';

const configMap = (name: string, config: object) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { 'config.yaml': stringify(config) } });

it('is prod\'s gateway batch, the decision 1 s after the root and the sampler\'s batch after tail sampling, plus slack', () => {
  expect(samplerLossWindow(haObjects())).toEqual({
    ms: 5000 + 1000 + 1000 + SCHEDULING_SLACK_MS,
    parts: `gateway batch 5 s + decision 1 s after the root + sampler batches 1 s + ${SCHEDULING_SLACK_MS / 1000} s scheduling slack`,
  });
});

it('grows with decision_wait when the sampler waits for it, and with a batch in front of tail sampling', () => {
  const gateway = configMap('otel-collector-config', { processors: { batch: { timeout: '5s' } }, service: { pipelines: { traces: { processors: ['batch'] } } } });
  const sampler = configMap('otel-sampler-config', {
    processors: { 'batch/in': { timeout: '3s' }, tail_sampling: { decision_wait: '10s' }, batch: { timeout: '5s' } },
    service: { pipelines: { traces: { processors: ['batch/in'] }, 'traces/sampled': { processors: ['tail_sampling', 'batch'] }, metrics: { processors: ['batch'] } } },
  });
  expect(samplerLossWindow([gateway, sampler] as never).ms).toBe(5000 + 10000 + 3000 + 5000 + SCHEDULING_SLACK_MS);
});

it('names what it cannot find', () => {
  expect(() => samplerLossWindow([] as never)).toThrow('no ConfigMap otel-collector-config with config.yaml among the run\'s objects');
});

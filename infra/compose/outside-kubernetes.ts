/**
 * The changes a config file gets under Compose, where there is no Kubernetes API: a collector's
 * `k8s_attributes` processors run in passthrough mode (a collector without the API does not start
 * otherwise), and Prometheus's pod discovery becomes static targets for the Compose services whose
 * pods ask to be scraped, labelled as discovery labels them (infra/pod-discovery.ts), so its scrapes
 * and their labels are the cluster's. Everything else in a file stays as synthesized; the parity test
 * checks that these are the only changes.
 */
import { parse } from 'yaml';
import { toYaml } from '../../config/yaml';
import { DiscoverablePod, discoversPods, staticPodTargets } from '../pod-discovery';

/** The processor type of a `type/name` key. */
const typeOf = (key: string) => key.split('/')[0];

/** True for a collector config with a `k8s_attributes` processor. */
function hasK8sAttributes(config: any): boolean {
  return Boolean(config?.service?.pipelines) && Object.keys(config.processors ?? {}).some((k) => typeOf(k) === 'k8s_attributes');
}

/** A config file's text for Compose, and why it changed (undefined: unchanged). */
export function outsideKubernetes(path: string, content: string, pods: readonly DiscoverablePod[]): { content: string; why?: string } {
  if (!/\.ya?ml$/.test(path)) return { content };
  const config = parse(content);
  if (hasK8sAttributes(config)) {
    for (const [key, processor] of Object.entries<Record<string, unknown>>(config.processors)) {
      if (typeOf(key) === 'k8s_attributes') processor.passthrough = true;
    }
    return { content: toYaml(config), why: 'k8s_attributes in passthrough: no Kubernetes API here, so no pod metadata is added' };
  }
  if (discoversPods(config)) {
    staticPodTargets(config, pods);
    return { content: toYaml(config), why: "pod discovery replaced by the Compose services whose pods ask to be scraped, with discovery's labels" };
  }
  return { content };
}

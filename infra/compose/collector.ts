/**
 * The one change a config file gets under Compose: a collector's `k8s_attributes` processors run in
 * passthrough mode (they need the Kubernetes API otherwise, and a collector without it does not start).
 * Everything else in the file stays as synthesized; the parity test checks that this is the only change.
 */
import { parse } from 'yaml';
import { toYaml } from '../../config/yaml';

/** The processor type of a `type/name` key. */
const typeOf = (key: string) => key.split('/')[0];

/** True for a collector config with a `k8s_attributes` processor. */
function hasK8sAttributes(config: any): boolean {
  return Boolean(config?.service?.pipelines) && Object.keys(config.processors ?? {}).some((k) => typeOf(k) === 'k8s_attributes');
}

/** A config file's text for Compose: unchanged, except collector configs' `k8s_attributes` → `passthrough: true`. */
export function outsideKubernetes(path: string, content: string): string {
  if (!/\.ya?ml$/.test(path)) return content;
  const config = parse(content);
  if (!hasK8sAttributes(config)) return content;
  for (const [key, processor] of Object.entries<Record<string, unknown>>(config.processors)) {
    if (typeOf(key) === 'k8s_attributes') processor.passthrough = true;
  }
  return toYaml(config);
}

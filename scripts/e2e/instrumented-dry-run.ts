/**
 * What `instrument(workload, { autoInstrument })` produces, through the test API server: one
 * workload per language injected by the stack's own init container, in a namespace enforcing
 * Pod Security `restricted`; and, with `instrumentation: { operator: true }`, the stack's
 * `Instrumentation` (after the Operator's CRD, at the version its types were imported from, is
 * installed for real) and an annotated workload. Each app is synthesized into a folder of its own
 * and server-side dry-run applied like dist/ (dryRunApply: namespaces created first, a PodSecurity
 * warning is a rejection).
 */
import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Deployment, k8s } from 'cdk8s-plus-28';
import { LgtmStack } from '../../infra/lgtm-stack';
import { SDK_LANGUAGES, SdkLanguage } from '../../infra/sdk-languages';
import { presets } from '../../overlays';
import { mergeProps } from '../../settings';
import { DryRun, dryRunApply, installCrds } from './apiserver';
import type { ProcessRegistry } from './registry';

const ROOT = join(__dirname, '..', '..');
/** The Operator's CRD the `Instrumentation` types were generated from. */
export const INSTRUMENTATION_CRD = join(ROOT, 'test', 'fixtures', 'operator', 'opentelemetry.io_instrumentations.yaml');
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };

/** A namespace enforcing `restricted`, with one plain Deployment per language given, each instrumented. */
function injectedApp(outdir: string, namespace: string, operator: boolean, languages: readonly SdkLanguage[]): App {
  const app = new App({ outdir });
  const props = mergeProps(presets.dev, { instrumentation: { operator } });
  const stack = new LgtmStack(new Chart(app, 'observability', { namespace: 'observability' }), 'dev', props);
  const apps = new Chart(app, namespace, { namespace });
  new k8s.KubeNamespace(apps, 'namespace', { metadata: { name: namespace, labels: RESTRICTED } });
  for (const language of languages) {
    const deployment = new Deployment(apps, `${language}-service`, {
      containers: [{ image: `shop/${language}-service:1.0.0`, portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
    });
    // What cdk8s-plus leaves out of a restricted pod: the injection must keep it restricted, not make it so.
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    );
    stack.instrument(deployment, { autoInstrument: language });
  }
  app.synth();
  return app;
}

/** Both dry-runs; the CRD is applied for real before the Operator's case. */
export async function dryRunInstrumented(kubectl: string, kubeconfig: string, work: string, processes: ProcessRegistry): Promise<DryRun[]> {
  const languages = SDK_LANGUAGES;
  const injected = join(work, 'instrumented-init-containers');
  injectedApp(injected, 'shop', false, languages);
  const results = [await dryRunApply(kubectl, kubeconfig, `instrumented (init containers: ${languages.join(', ')})`, injected, processes)];

  const crd = await installCrds(kubectl, kubeconfig, [INSTRUMENTATION_CRD], processes);
  if (!crd.ok) return [...results, { env: 'instrumented (Operator)', ok: false, output: `the Operator's CRD was not established: ${crd.output}` }];
  const operator = join(work, 'instrumented-operator');
  injectedApp(operator, 'shop-operator', true, languages);
  results.push(await dryRunApply(kubectl, kubeconfig, `instrumented (Operator: Instrumentation + annotations, ${languages.join(', ')})`, operator, processes));
  return results;
}

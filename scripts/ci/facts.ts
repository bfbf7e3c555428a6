/**
 * `npx tsx scripts/ci/facts.ts <dist dir> <question> [args]`: answers the kind job's questions about
 * one environment's manifests on stdout, one answer per line, so the workflow names no file numbers
 * and types no image, namespace or port of its own. A wrong question or a missing object is one line
 * on stderr and exit 2.
 *
 *   image <deployment>                    the Deployment's image
 *   namespace-files                       the files holding Namespaces (apply them first)
 *   workloads                             `<namespace> <kind>/<name>` of every Deployment, StatefulSet, DaemonSet
 *   job <name>                            the Job's namespace, or nothing when there is none
 *   service-port <service> <port name>    `<namespace> <port>`
 *   env-secret <workload> <VARIABLE>      `<namespace> <secret> <key>` the workload reads VARIABLE from
 *   placeholder-secrets                   the Secrets the pods read and the manifests lack, as YAML (nothing when none)
 */
import { join } from 'node:path';
import { toYaml } from '../../config/yaml';
import { Manifest, Output, namespaceFiles, objectsOf, readOutput } from '../e2e/manifests';
import { deploymentImage, envSecret, jobNamespace, servicePort, workloads } from './manifest-facts';
import { placeholderSecrets } from './placeholder-secrets';

/** Lines to print. */
type Answer = { lines: string[] };

const QUESTIONS: Record<string, { args: string[]; answer: (output: Output, objects: Manifest[], args: string[], dir: string) => Answer }> = {
  image: { args: ['deployment'], answer: (_, o, [name]) => ({ lines: [deploymentImage(o, name)] }) },
  'namespace-files': { args: [], answer: (output, _, __, dir) => ({ lines: namespaceFiles(output).map((f) => join(dir, f)) }) },
  workloads: { args: [], answer: (_, o) => ({ lines: workloads(o).map((w) => `${w.namespace} ${w.ref}`) }) },
  job: { args: ['name'], answer: (_, o, [name]) => ({ lines: [jobNamespace(o, name) ?? ''].filter(Boolean) }) },
  'service-port': { args: ['service', 'port name'], answer: (_, o, [svc, port]) => {
    const { namespace, port: number } = servicePort(o, svc, port);
    return { lines: [`${namespace} ${number}`] };
  } },
  'env-secret': { args: ['workload', 'VARIABLE'], answer: (_, o, [name, variable]) => {
    const { namespace, secret, key } = envSecret(o, name, variable);
    return { lines: [`${namespace} ${secret} ${key}`] };
  } },
  'placeholder-secrets': { args: [], answer: (_, o) => {
    const list = placeholderSecrets(o);
    return { lines: list.items.length > 0 ? [toYaml(list).trimEnd()] : [] };
  } },
};

/**
 * Answers one question (`<dist dir> <question> [args]`); throws one line on bad usage or a missing
 * object. `read` reads the folder (tests pass a cached one).
 */
export function answer(argv: readonly string[], read: (dir: string) => Output = readOutput): Answer {
  const [dir, question, ...args] = argv;
  const q = QUESTIONS[question ?? ''];
  if (!dir || !q) throw new Error(`usage: facts.ts <dist dir> <${Object.keys(QUESTIONS).join('|')}> [args]`);
  if (args.length !== q.args.length) throw new Error(`${question} takes ${q.args.map((a) => `<${a}>`).join(' ') || 'no arguments'}`);
  let output: Output;
  try {
    output = read(dir);
  } catch (error) {
    throw new Error(`cannot read manifests in ${dir}: ${(error as Error).message.split('\n')[0]}`);
  }
  return q.answer(output, objectsOf(output), args, dir);
}

if (require.main === module) {
  try {
    const { lines } = answer(process.argv.slice(2));
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`facts: ${(error as Error).message.split('\n')[0]}\n`);
    process.exitCode = 2;
  }
}

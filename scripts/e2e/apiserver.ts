/**
 * A throwaway Kubernetes API server on 127.0.0.1 (etcd + kube-apiserver with PodSecurity admission)
 * and a server-side dry-run of an environment's dist/: what a cluster would reject, without a cluster.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { During } from './guard';
import { namespaceFiles, readOutput } from './manifests';
import { LOOPBACK, assertPortsFree, freePorts } from './ports';
import { exitWithin, hasExited, tail, waitReady } from './processes';
import type { Started } from './processes';
import type { ProcessRegistry } from './registry';

const READY_TIMEOUT_MS = 90000;

/** A running API server and the kubeconfig of its admin. */
export interface ApiServer {
  readonly processes: Started[];
  readonly kubeconfig: string;
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
}

/** The programs startApiServer runs (paths). */
export interface ApiServerPrograms {
  readonly etcd: string;
  readonly 'kube-apiserver': string;
  readonly kubectl: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore', timeout: 60000 });
}

/** A new P-256 key (ECDSA: made in milliseconds, where RSA keys take seconds on a busy machine). */
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/** A CA, a serving certificate for 127.0.0.1, an admin client certificate (system:masters) and a service-account key pair (ES256). */
function certificates(dir: string): void {
  openssl(['req', '-x509', ...EC_KEY, '-nodes', '-days', '1', '-subj', '/CN=e2e-ca', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n');
  openssl(['req', ...EC_KEY, '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server.crt'], dir);
  openssl(['req', ...EC_KEY, '-nodes', '-subj', '/O=system:masters/CN=e2e-admin', '-keyout', 'admin.key', '-out', 'admin.csr'], dir);
  openssl(['x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'admin.crt'], dir);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key'], dir);
  openssl(['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/**
 * Starts etcd and kube-apiserver under `dir` on ports free right now (checked again just before each
 * program binds them); resolves when the API answers `/readyz`. Both children are in `processes`, so
 * a failure here leaves nothing running once the run stops its registry.
 */
export async function startApiServer(bins: ApiServerPrograms, dir: string, processes: ProcessRegistry, during: During = (_, work) => work): Promise<ApiServer> {
  mkdirSync(dir, { recursive: true });
  certificates(dir);
  const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
  const client = `http://${LOOPBACK}:${etcdClient}`;
  const peer = `http://${LOOPBACK}:${etcdPeer}`;
  await assertPortsFree([{ port: etcdClient, owner: 'etcd --listen-client-urls' }, { port: etcdPeer, owner: 'etcd --listen-peer-urls' }]);
  const etcd = processes.start('etcd', bins.etcd, [
    `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`, `--initial-cluster=default=${peer}`,
  ], {}, dir);
  await during(`etcd ready at ${client}/health`, waitReady(etcd, `${client}/health`, 30000));
  await assertPortsFree([{ port: apiPort, owner: 'kube-apiserver --secure-port' }]);
  const apiserver = processes.start('kube-apiserver', bins['kube-apiserver'], [
    `--etcd-servers=${client}`, `--bind-address=${LOOPBACK}`, `--secure-port=${apiPort}`, `--advertise-address=${LOOPBACK}`,
    `--tls-cert-file=${dir}/server.crt`, `--tls-private-key-file=${dir}/server.key`, `--client-ca-file=${dir}/ca.crt`,
    `--service-account-key-file=${dir}/sa.pub`, `--service-account-signing-key-file=${dir}/sa.key`, '--service-account-issuer=https://kubernetes.default.svc',
    '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity', '--service-cluster-ip-range=10.96.0.0/16',
  ], {}, dir);
  const url = `https://${LOOPBACK}:${apiPort}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: e2e',
    `clusters: [{name: e2e, cluster: {server: "${url}", certificate-authority: "${dir}/ca.crt"}}]`,
    `users: [{name: admin, user: {client-certificate: "${dir}/admin.crt", client-key: "${dir}/admin.key"}}]`,
    'contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]', '',
  ].join('\n'));
  await during(`kube-apiserver ready at ${url}/readyz`, apiReady(apiserver, bins.kubectl, kubeconfig, processes));
  return { processes: [apiserver, etcd], kubeconfig, url };
}

/** Polls `/readyz` with kubectl until it answers; fails with the log's last lines when the server exits or 90 s pass. */
async function apiReady(apiserver: Started, kubectl: string, kubeconfig: string, processes: ProcessRegistry): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ready = await processes.run('kubectl get --raw /readyz', kubectl, ['--kubeconfig', kubeconfig, '--request-timeout=5s', 'get', '--raw', '/readyz']);
    if (ready.status === 0) return;
    if (hasExited(apiserver)) throw new Error(`kube-apiserver exited (${apiserver.child.exitCode ?? apiserver.child.signalCode}): ${tail(apiserver.logFile)}`);
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`kube-apiserver not ready after ${READY_TIMEOUT_MS / 1000} s: ${tail(apiserver.logFile)}`);
    await exitWithin(apiserver, 1000); // a pause that ends early when the server exits
  }
}

/** The outcome of one environment's dry-run. */
export interface DryRun {
  readonly env: string;
  readonly ok: boolean;
  /** kubectl's output: the objects accepted, or the server's messages. */
  readonly output: string;
}

/**
 * Creates the environment's namespaces for real (their labels turn on PodSecurity enforcement), from
 * the files that hold them, then server-side dry-run applies every file; a rejection (or a PodSecurity
 * warning) fails with the server's message.
 */
export async function dryRunApply(kubectl: string, kubeconfig: string, env: string, distDir: string, processes: ProcessRegistry): Promise<DryRun> {
  const run = (args: string[]) => processes.run(`kubectl ${args[0]}`, kubectl, ['--kubeconfig', kubeconfig, ...args]);
  for (const file of namespaceFiles(readOutput(distDir))) {
    const namespaces = await run(['apply', '--server-side', '-f', join(distDir, file)]);
    if (namespaces.status !== 0) return { env, ok: false, output: namespaces.stderr.trim() };
  }
  const all = await run(['apply', '--server-side', '--dry-run=server', '--force-conflicts', '-f', distDir]);
  // PodSecurity enforces on Pods; for workload objects (no controller makes Pods here) it only warns, so a warning is a rejection.
  return { env, ok: all.status === 0 && !/violate PodSecurity/.test(all.stderr), output: `${all.stdout}${all.stderr}`.trim() };
}

/** How many objects kubectl's output reports accepted (applied, created, configured, or a condition met). */
export function acceptedObjects(output: string): number {
  return output.split('\n').filter((l) => /serverside-applied|created|configured|condition met/.test(l)).length;
}

/** Applies CRD files for real, then waits (60 s) until the API server has established each of them. */
export async function installCrds(kubectl: string, kubeconfig: string, files: readonly string[], processes: ProcessRegistry): Promise<{ ok: boolean; output: string }> {
  const run = (args: string[]) => processes.run(`kubectl ${args[0]}`, kubectl, ['--kubeconfig', kubeconfig, ...args]);
  const fileArgs = files.flatMap((f) => ['-f', f]);
  const applied = await run(['apply', '--server-side', ...fileArgs]);
  if (applied.status !== 0) return { ok: false, output: `${applied.stdout}${applied.stderr}`.trim() };
  const established = await run(['wait', '--for=condition=Established', '--timeout=60s', ...fileArgs]);
  return { ok: established.status === 0, output: `${applied.stdout}${established.stdout}${established.stderr}`.trim() };
}

/**
 * A throwaway Kubernetes API server on 127.0.0.1 (etcd + kube-apiserver with PodSecurity admission)
 * and a server-side dry-run of an environment's dist/: what a cluster would reject, without a cluster.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Started, start, waitReady } from './processes';

const ETCD_PORT = 23790;
const API_PORT = 16443;

/** A running API server and the kubeconfig of its admin. */
export interface ApiServer {
  readonly processes: Started[];
  readonly kubeconfig: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA, a serving certificate for 127.0.0.1, an admin client certificate (system:masters) and a service-account key pair. */
function certificates(dir: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=e2e-ca', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server.crt'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/O=system:masters/CN=e2e-admin', '-keyout', 'admin.key', '-out', 'admin.csr'], dir);
  openssl(['x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'admin.crt'], dir);
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** Starts etcd and kube-apiserver under `dir`; resolves when the API answers. */
export async function startApiServer(bins: { etcd: string; 'kube-apiserver': string }, dir: string): Promise<ApiServer> {
  mkdirSync(dir, { recursive: true });
  certificates(dir);
  const etcd = start('etcd', bins.etcd, [
    `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=http://127.0.0.1:${ETCD_PORT}`, `--advertise-client-urls=http://127.0.0.1:${ETCD_PORT}`,
    '--listen-peer-urls=http://127.0.0.1:23800', '--initial-advertise-peer-urls=http://127.0.0.1:23800', '--initial-cluster=default=http://127.0.0.1:23800',
  ], {}, dir);
  await waitReady(etcd, `http://127.0.0.1:${ETCD_PORT}/health`, 30000);
  const apiserver = start('kube-apiserver', bins['kube-apiserver'], [
    `--etcd-servers=http://127.0.0.1:${ETCD_PORT}`, '--bind-address=127.0.0.1', `--secure-port=${API_PORT}`, '--advertise-address=127.0.0.1',
    `--tls-cert-file=${dir}/server.crt`, `--tls-private-key-file=${dir}/server.key`, `--client-ca-file=${dir}/ca.crt`,
    `--service-account-key-file=${dir}/sa.pub`, `--service-account-signing-key-file=${dir}/sa.key`, '--service-account-issuer=https://kubernetes.default.svc',
    '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity', '--service-cluster-ip-range=10.96.0.0/16',
  ], {}, dir);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: e2e',
    `clusters: [{name: e2e, cluster: {server: "https://127.0.0.1:${API_PORT}", certificate-authority: "${dir}/ca.crt"}}]`,
    `users: [{name: admin, user: {client-certificate: "${dir}/admin.crt", client-key: "${dir}/admin.key"}}]`,
    'contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]', '',
  ].join('\n'));
  const started = Date.now();
  while (spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], { encoding: 'utf8' }).status !== 0) {
    if (apiserver.child.exitCode !== null || Date.now() - started > 90000) throw new Error(`kube-apiserver did not become ready (see ${apiserver.logFile})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { processes: [apiserver, etcd], kubeconfig };
}

/** The outcome of one environment's dry-run. */
export interface DryRun {
  readonly env: string;
  readonly ok: boolean;
  /** kubectl's output: the objects accepted, or the server's messages. */
  readonly output: string;
}

/**
 * Creates the environment's namespaces for real (their labels turn on PodSecurity enforcement), then
 * server-side dry-run applies every file; a rejection (or a PodSecurity warning) fails with the server's message.
 */
export function dryRunApply(kubectl: string, kubeconfig: string, env: string, distDir: string): DryRun {
  const run = (args: string[]) => spawnSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  const namespaces = run(['apply', '--server-side', '-f', join(distDir, '0000-namespaces.k8s.yaml')]);
  if (namespaces.status !== 0) return { env, ok: false, output: namespaces.stderr.trim() };
  const all = run(['apply', '--server-side', '--dry-run=server', '--force-conflicts', '-f', distDir]);
  // PodSecurity enforces on Pods; for workload objects (no controller makes Pods here) it only warns, so a warning is a rejection.
  return { env, ok: all.status === 0 && !/violate PodSecurity/.test(all.stderr), output: `${all.stdout}${all.stderr}`.trim() };
}

import { Manifest, podSpecOf } from './synth';

/**
 * The Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"),
 * as documented at kubernetes.io/docs/concepts/security/pod-security-standards.
 * Returns `Kind/name: rule` strings for every violation.
 */
const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

export function restrictedProfileViolations(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const obj of objects) {
    const spec = podSpecOf(obj);
    if (!spec) continue;
    const fail = (rule: string) => problems.push(`${obj.kind}/${obj.metadata.name}: ${rule}`);
    const pod = spec.securityContext ?? {};
    if (spec.hostNetwork || spec.hostPID || spec.hostIPC) fail('host namespaces are not allowed');
    for (const volume of spec.volumes ?? []) {
      const type = Object.keys(volume).find((k) => k !== 'name');
      if (!type || !ALLOWED_VOLUME_TYPES.has(type)) fail(`volume ${volume.name} has disallowed type ${type}`);
    }
    for (const sysctl of pod.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) fail(`sysctl ${sysctl.name} is not allowed`);
    if (pod.runAsUser === 0) fail('pod runAsUser must not be 0');
    for (const c of [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])]) {
      const sc = c.securityContext ?? {};
      const name = `container ${c.name}`;
      if (sc.privileged) fail(`${name} is privileged`);
      if (sc.allowPrivilegeEscalation !== false) fail(`${name} must set allowPrivilegeEscalation: false`);
      const drop: string[] = sc.capabilities?.drop ?? [];
      if (!drop.includes('ALL')) fail(`${name} must drop ALL capabilities`);
      for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') fail(`${name} adds capability ${cap}`);
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) fail(`${name} must run as non-root (runAsNonRoot: true)`);
      if (sc.runAsUser === 0) fail(`${name} runAsUser must not be 0`);
      const seccomp = (sc.seccompProfile ?? pod.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail(`${name} needs seccompProfile RuntimeDefault or Localhost`);
      if (sc.procMount && sc.procMount !== 'Default') fail(`${name} procMount must be Default`);
      for (const port of c.ports ?? []) if (port.hostPort) fail(`${name} uses hostPort ${port.hostPort}`);
      const seLinuxType = (sc.seLinuxOptions ?? pod.seLinuxOptions)?.type;
      if (seLinuxType && !['container_t', 'container_init_t', 'container_kvm_t'].includes(seLinuxType)) fail(`${name} seLinux type ${seLinuxType}`);
    }
  }
  return problems;
}

/**
 * The node agent's only departures from the restricted profile: two hostPath volumes (forbidden by
 * baseline too, hence its namespace's `privileged` level) and the root user (restricted only), which
 * it needs to read root-owned pod logs and write its checkpoint directory on the node.
 */
export const NODE_AGENT_EXCEPTIONS = [
  'DaemonSet/otel-node-agent: volume pod-logs has disallowed type hostPath',
  'DaemonSet/otel-node-agent: volume checkpoints has disallowed type hostPath',
  'DaemonSet/otel-node-agent: pod runAsUser must not be 0',
  'DaemonSet/otel-node-agent: container otel-node-agent must run as non-root (runAsNonRoot: true)',
  'DaemonSet/otel-node-agent: container otel-node-agent runAsUser must not be 0',
];

/** Restricted-profile violations of the pods in the agent's namespace, and of every other pod. */
export function violationsByNamespace(objects: readonly Manifest[], agentNamespace: string): { agent: string[]; others: string[] } {
  const inAgent = (o: Manifest) => o.metadata.namespace === agentNamespace;
  return { agent: restrictedProfileViolations(objects.filter(inAgent)), others: restrictedProfileViolations(objects.filter((o) => !inAgent(o))) };
}

/** Every violation but the node agent's documented exceptions. */
export function podSecurityProblems(objects: readonly Manifest[], agentNamespace: string): string[] {
  const { agent, others } = violationsByNamespace(objects, agentNamespace);
  return [...others, ...agent.filter((v) => !NODE_AGENT_EXCEPTIONS.includes(v))];
}

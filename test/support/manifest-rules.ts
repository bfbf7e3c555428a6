import { Manifest, podSpecOf } from './synth';

/**
 * Rules the API server enforces (or that break a rollout) but the OpenAPI schemas do not express.
 * Each returns `Kind/name: problem` strings; empty means the rule holds.
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kinds whose names must be DNS-1123 labels (they become DNS names or hostnames). */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service', 'StatefulSet', 'Deployment']);

const where = (obj: Manifest) => `${obj.kind}/${obj.metadata?.name}`;

/** Object names are DNS-1123 (labels for kinds that become DNS names, subdomains otherwise). */
export function nameProblems(objects: readonly Manifest[]): string[] {
  return objects.flatMap((obj) => {
    const name = obj.metadata?.name ?? '';
    const label = LABEL_NAMED_KINDS.has(obj.kind);
    const ok = label ? name.length <= 63 && DNS_1123_LABEL.test(name) : name.length <= 253 && DNS_1123_SUBDOMAIN.test(name);
    return ok ? [] : [`${where(obj)}: name '${name}' is not a DNS-1123 ${label ? 'label' : 'subdomain'}`];
  });
}

/** Port names (container and Service) are IANA_SVC_NAMEs: ≤ 15 chars, lowercase alphanumerics and '-', a letter among them. */
export function portNameProblems(objects: readonly Manifest[]): string[] {
  const bad = (name: string) => !(name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--'));
  const problems: string[] = [];
  for (const obj of objects) {
    const names = [
      ...(obj.kind === 'Service' ? (obj.spec?.ports ?? []).map((p: any) => p.name) : []),
      ...(podSpecOf(obj)?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name)),
    ].filter((n) => n !== undefined);
    for (const name of names) if (bad(name)) problems.push(`${where(obj)}: port name '${name}' is not a valid IANA service name (≤ 15 chars)`);
  }
  return problems;
}

/** A workload's selector matches its pod template's labels (else the API server rejects it). */
export function selectorProblems(objects: readonly Manifest[]): string[] {
  return objects.flatMap((obj) => {
    if (!podSpecOf(obj) || obj.kind === 'Pod' || obj.kind === 'CronJob' || obj.kind === 'Job') return [];
    const selector: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
    const labels: Record<string, string> = obj.spec?.template?.metadata?.labels ?? {};
    if (Object.keys(selector).length === 0) return [`${where(obj)}: empty selector`];
    return Object.entries(selector)
      .filter(([k, v]) => labels[k] !== v)
      .map(([k, v]) => `${where(obj)}: selector ${k}=${v} does not match the pod template labels`);
  });
}

/** Every volumeMount names a volume of the pod (or a claim template of the StatefulSet), and no volume is unused. */
export function volumeProblems(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const obj of objects) {
    const spec = podSpecOf(obj);
    if (!spec) continue;
    const defined = new Set<string>([
      ...(spec.volumes ?? []).map((v: any) => v.name),
      ...(obj.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name),
    ]);
    const mounted = new Set<string>();
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      for (const mount of container.volumeMounts ?? []) {
        mounted.add(mount.name);
        if (!defined.has(mount.name)) problems.push(`${where(obj)}: container ${container.name} mounts undefined volume '${mount.name}'`);
      }
    }
    for (const name of defined) if (!mounted.has(name)) problems.push(`${where(obj)}: volume '${name}' is never mounted`);
  }
  return problems;
}

/**
 * Every ConfigMap, Secret, PVC and ServiceAccount a pod refers to exists in the output, in the pod's namespace.
 * `externalSecrets` are Secrets the environment declares as created outside the manifests.
 */
export function referenceProblems(objects: readonly Manifest[], externalSecrets: readonly string[] = [], externalConfigMaps: readonly string[] = []): string[] {
  const present = new Set(objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`));
  for (const obj of objects.filter((o) => podSpecOf(o))) {
    for (const name of externalSecrets) present.add(`Secret/${obj.metadata?.namespace ?? ''}/${name}`);
    for (const name of externalConfigMaps) present.add(`ConfigMap/${obj.metadata?.namespace ?? ''}/${name}`);
  }
  const problems: string[] = [];
  for (const obj of objects) {
    const spec = podSpecOf(obj);
    if (!spec) continue;
    const ns = obj.metadata?.namespace ?? '';
    const need = (kind: string, name: string | undefined, how: string) => {
      if (name && !present.has(`${kind}/${ns}/${name}`)) problems.push(`${where(obj)}: ${how} refers to missing ${kind} '${name}' in namespace '${ns}'`);
    };
    for (const volume of spec.volumes ?? []) {
      need('ConfigMap', volume.configMap?.name, `volume ${volume.name}`);
      need('Secret', volume.secret?.secretName, `volume ${volume.name}`);
      need('PersistentVolumeClaim', volume.persistentVolumeClaim?.claimName, `volume ${volume.name}`);
    }
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      for (const env of container.env ?? []) {
        need('ConfigMap', env.valueFrom?.configMapKeyRef?.name, `env ${env.name}`);
        need('Secret', env.valueFrom?.secretKeyRef?.name, `env ${env.name}`);
      }
      for (const from of container.envFrom ?? []) {
        need('ConfigMap', from.configMapRef?.name, 'envFrom');
        need('Secret', from.secretRef?.name, 'envFrom');
      }
    }
    need('ServiceAccount', spec.serviceAccountName, 'serviceAccountName');
  }
  return problems;
}

/** Probes and Service targetPorts that name a port refer to a port the container (or a selected pod) declares. */
export function namedPortProblems(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const workloads = objects.filter((o) => podSpecOf(o) && o.spec?.template);
  for (const obj of workloads) {
    for (const container of podSpecOf(obj).containers) {
      const names = new Set((container.ports ?? []).map((p: any) => p.name));
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const port = container[probe]?.httpGet?.port;
        if (typeof port === 'string' && !names.has(port)) problems.push(`${where(obj)}: ${probe} uses unknown port '${port}'`);
      }
    }
  }
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const selected = workloads.filter((w) => w.metadata.namespace === svc.metadata.namespace
      && Object.entries(svc.spec?.selector ?? {}).every(([k, v]) => w.spec.template.metadata?.labels?.[k] === v));
    if (selected.length === 0) problems.push(`${where(svc)}: selects no workload in the output`);
    for (const port of svc.spec?.ports ?? []) {
      if (typeof port.targetPort !== 'string') continue;
      const declared = selected.some((w) => podSpecOf(w).containers.some((c: any) => (c.ports ?? []).some((p: any) => p.name === port.targetPort)));
      if (!declared) problems.push(`${where(svc)}: targetPort '${port.targetPort}' is not a container port of the selected pods`);
    }
  }
  return problems;
}

/** Every rule above, for a whole output. */
export function manifestProblems(objects: readonly Manifest[], externalSecrets: readonly string[] = [], externalConfigMaps: readonly string[] = []): string[] {
  return [
    ...nameProblems(objects), ...portNameProblems(objects), ...selectorProblems(objects),
    ...volumeProblems(objects), ...referenceProblems(objects, externalSecrets, externalConfigMaps), ...namedPortProblems(objects),
  ];
}

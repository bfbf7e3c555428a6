/**
 * One workload's pod → one Compose service: the same image, arguments, environment, config files and
 * ports, with only what a pod has and a container under Compose has not translated (see the README's
 * parity list; test/contracts/compose-parity.test.ts holds the translation to it).
 */
import type { ComposeHealthcheck, ComposeService, ComposeVolumeMount } from '../../config/compose';
import type { DiscoverablePod } from '../pod-discovery';
import { outsideKubernetes } from './outside-kubernetes';
import { ComposeError, K8sObject, containerPortOf, podTemplateOf, servicesOf } from './manifest';

/** A secret value a service reads from its env file: variable ← Secret `secret`, key `key`. */
export interface SecretRef {
  readonly variable: string;
  readonly secret: string;
  readonly key: string;
}

/** A service before host ports and start order are decided (those need every service). */
export interface ServiceDraft {
  readonly name: string;
  readonly service: ComposeService;
  /** Ports the Services expose: the container port and the port number the Service gives it. */
  readonly servicePorts: ReadonlyArray<{ readonly name: string; readonly target: number; readonly port: number }>;
  /** Config files: path relative to the Compose folder → content (the ConfigMap's data; see ./collector for the one change). */
  readonly files: ReadonlyMap<string, string>;
  readonly secrets: readonly SecretRef[];
  /** Named volumes it uses (where the cluster has a PersistentVolumeClaim). */
  readonly namedVolumes: readonly string[];
  /** Config files (keys of `files`) whose content differs from the ConfigMap's (see ./collector). */
  readonly adapted: readonly string[];
  /** True when the pod has a readiness probe the image has no client to run (no health check here). */
  readonly uncheckedProbe: boolean;
}

/** What the translation needs to know beside the objects. */
export interface ServiceContext {
  readonly objects: readonly K8sObject[];
  /** A health-check command that GETs a URL inside the container of `image`, if the image has one. */
  readonly httpGet: (image: string) => ((url: string) => string[]) | undefined;
  /** Build instructions for an image built from this repository (the demo image), else undefined. */
  readonly build: (image: string) => ComposeService['build'];
  /** The services' pods as Prometheus's pod discovery would see them, reached by service name. */
  readonly pods: readonly DiscoverablePod[];
}

/** `$` is Compose's interpolation character: a literal one is written `$$`. */
export const composeLiteral = (value: string): string => value.replace(/\$/g, '$$$$');

/** Values a pod learns from the downward API, in Compose. */
function fieldValue(path: string, service: string, workload: K8sObject): string {
  if (path === 'metadata.name') return service;
  if (path === 'metadata.namespace') return workload.metadata.namespace ?? 'default';
  if (path === 'spec.nodeName') return 'compose';
  throw new ComposeError(`${workload.metadata.name}: environment from field '${path}' has no Compose equivalent`);
}

/** Kubernetes expands `$(NAME)` to an earlier variable's value (`$$(NAME)` stays literal); Compose does not. */
function expandReferences(value: string, earlier: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name?: string) =>
    (name === undefined ? '$(' : earlier[name] ?? match));
}

/** The container's environment: literal values and downward-API fields here, secrets in the env file. */
function environmentOf(container: any, name: string, workload: K8sObject, objects: readonly K8sObject[]) {
  const environment: Record<string, string> = {};
  const secrets: SecretRef[] = [];
  for (const e of container.env ?? []) {
    if (e.value !== undefined) environment[e.name] = expandReferences(e.value, environment);
    else if (e.valueFrom?.fieldRef) environment[e.name] = fieldValue(e.valueFrom.fieldRef.fieldPath, name, workload);
    else if (e.valueFrom?.secretKeyRef) secrets.push({ variable: e.name, secret: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key });
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const value = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name && o.metadata.namespace === workload.metadata.namespace)?.data?.[ref.key];
      if (value === undefined) throw new ComposeError(`${name}: environment ${e.name} names ConfigMap key ${ref.name}/${ref.key}, which is not in the manifests`);
      environment[e.name] = value;
    } else throw new ComposeError(`${name}: environment ${e.name} has a source Compose cannot express`);
  }
  if ((container.envFrom ?? []).length > 0) throw new ComposeError(`${name}: envFrom is not translated to Compose`);
  return { environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, composeLiteral(v)])), secrets };
}

/** Mounts: ConfigMaps → read-only binds of `<service>/<volume>/`, emptyDir → anonymous volumes, claims → named volumes. */
function mountsOf(container: any, pod: any, name: string, workload: K8sObject, ctx: ServiceContext) {
  const { objects } = ctx;
  const volumes: ComposeVolumeMount[] = [];
  const files = new Map<string, string>();
  const adapted: string[] = [];
  const namedVolumes: string[] = [];
  const claims = new Set<string>((workload.spec?.volumeClaimTemplates ?? []).map((c: any) => c.metadata.name));
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v: { name: string }) => v.name === mount.name);
    if (mount.subPath !== undefined) throw new ComposeError(`${name}: volume mount ${mount.name} uses subPath, which is not translated to Compose`);
    if (claims.has(mount.name) || volume?.persistentVolumeClaim) {
      const volumeName = volume?.persistentVolumeClaim?.claimName ?? `${name}-${mount.name}`;
      namedVolumes.push(volumeName);
      volumes.push({ type: 'volume', source: volumeName, target: mount.mountPath });
    } else if (volume?.emptyDir) {
      volumes.push({ type: 'volume', target: mount.mountPath });
    } else if (volume?.configMap) {
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name && o.metadata.namespace === workload.metadata.namespace);
      if (!configMap?.data) throw new ComposeError(`${name}: ConfigMap ${volume.configMap.name} is not in the manifests (a ConfigMap made outside the stack has no Compose file)`);
      const items: Array<{ key: string; path: string }> = volume.configMap.items ?? Object.keys(configMap.data).map((key) => ({ key, path: key }));
      for (const { key, path } of items) {
        const file = `${name}/${mount.name}/${path}`;
        const { content, why } = outsideKubernetes(path, configMap.data[key], ctx.pods);
        files.set(file, content);
        if (why) adapted.push(`${file} (${why})`);
      }
      volumes.push({ type: 'bind', source: `./${name}/${mount.name}`, target: mount.mountPath, read_only: true });
    } else {
      throw new ComposeError(`${name}: volume ${mount.name} (${Object.keys(volume ?? {}).filter((k) => k !== 'name').join(', ') || 'unknown'}) has no Compose translation`);
    }
  }
  return { volumes, files, namedVolumes, adapted };
}

/** Seconds as a Compose duration. */
const seconds = (s: number | undefined, fallback: number) => `${s ?? fallback}s`;

/** The readiness probe as a health check run inside the container, where the image has a client for it. */
function healthcheckOf(container: any, name: string, httpGet: ((url: string) => string[]) | undefined): ComposeHealthcheck | undefined {
  const probe = container.readinessProbe;
  if (!probe?.httpGet || !httpGet) return undefined;
  const port = containerPortOf(container, probe.httpGet.port, name);
  const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://127.0.0.1:${port}${probe.httpGet.path ?? '/'}`;
  // Kubernetes defaults: period 10 s, timeout 1 s, failureThreshold 3.
  return { test: httpGet(url), interval: seconds(probe.periodSeconds, 10), timeout: seconds(probe.timeoutSeconds, 1), retries: probe.failureThreshold ?? 3, start_period: seconds(probe.initialDelaySeconds, 0) };
}

/** The user, read-only root and privilege settings of the pod and container security contexts. */
function securityOf(container: any, pod: any): Partial<ComposeService> {
  const sc = { ...(pod.securityContext ?? {}), ...(container.securityContext ?? {}) };
  return {
    ...(sc.runAsUser !== undefined ? { user: `${sc.runAsUser}:${sc.runAsGroup ?? sc.runAsUser}` } : {}),
    ...(sc.readOnlyRootFilesystem ? { read_only: true } : {}),
    ...(sc.capabilities?.drop ? { cap_drop: sc.capabilities.drop } : {}),
    ...(sc.allowPrivilegeEscalation === false ? { security_opt: ['no-new-privileges:true'] } : {}),
  };
}

/** DNS names the pod is reached by in the cluster: every Service that selects it, in each form configs use. */
function aliasesOf(name: string, services: readonly K8sObject[]): string[] {
  return services.flatMap((s) => {
    const base = `${s.metadata.name}.${s.metadata.namespace}`;
    return [...(s.metadata.name === name ? [] : [s.metadata.name]), base, `${base}.svc`, `${base}.svc.cluster.local`];
  });
}

/** One workload (Deployment, StatefulSet or Job) → its Compose service, before ports are published. */
export function serviceDraft(workload: K8sObject, ctx: ServiceContext): ServiceDraft {
  const name = workload.metadata.name;
  const pod = podTemplateOf(workload)!.spec;
  if ((pod.initContainers ?? []).length > 0 || pod.containers.length !== 1) {
    throw new ComposeError(`${name}: a pod of ${pod.containers.length} containers and ${(pod.initContainers ?? []).length} init containers is not translated to Compose (one container only)`);
  }
  const container = pod.containers[0];
  const { environment, secrets } = environmentOf(container, name, workload, ctx.objects);
  const { volumes, files, namedVolumes, adapted } = mountsOf(container, pod, name, workload, ctx);
  const services = servicesOf(workload, ctx.objects);
  const servicePorts = services.flatMap((s) => (s.spec.ports as any[]).map((p) => ({
    name: p.name as string, port: p.port as number, target: containerPortOf(container, p.targetPort ?? p.port, name),
  })));
  const healthcheck = healthcheckOf(container, name, ctx.httpGet(container.image));
  const build = ctx.build(container.image);
  const service: ComposeService = {
    image: container.image,
    ...(build ? { build } : {}),
    ...(container.command ? { entrypoint: container.command.map(composeLiteral) } : {}),
    ...(container.args ? { command: container.args.map(composeLiteral) } : {}),
    ...(Object.keys(environment).length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { env_file: [{ path: `secrets/${name}.env`, required: true }] } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
    ...(healthcheck ? { healthcheck } : {}),
    ...(services.length > 0 ? { networks: { default: { aliases: aliasesOf(name, services) } } } : {}),
    ...securityOf(container, pod),
    restart: workload.kind === 'Job' ? 'no' : 'unless-stopped',
  };
  return { name, service, servicePorts, files, secrets, namedVolumes, adapted, uncheckedProbe: Boolean(container.readinessProbe) && !healthcheck };
}

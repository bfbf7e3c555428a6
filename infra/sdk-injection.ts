/**
 * Zero-code instrumentation without the Operator: an init container from the Operator project's
 * auto-instrumentation image copies the SDK into an emptyDir, and the app container gets the
 * language's hook (appended to what it already has) and the SDK settings.
 */
import { Cpu, Capability, Container, EnvValue, ImagePullPolicy, SeccompProfileType, Volume, Workload } from 'cdk8s-plus-28';
import { Size } from 'cdk8s';
import type { ImageSettings } from '../settings/schema';
import { imageOf } from './images';
import { literalEnv } from './sdk-checks';
import { SDK_INJECTION, SdkLanguage, mergedHookValue } from './sdk-languages';

/**
 * The user the init container runs as: the app container's, else the pod's; when neither is set,
 * 65534 (nobody). The copied files are world-readable (the images `chmod -R go+r`), so any user of
 * the app container can load them; the image's own default user is root, which restricted forbids.
 */
export const FALLBACK_INIT_USER = 65534;

/** The container's env and the init container, for `language`. */
export function injectSdk(workload: Workload, container: Container, language: SdkLanguage, images: ImageSettings, pullPolicy: string): void {
  const injection = SDK_INJECTION[language];
  const volume = Volume.fromEmptyDir(workload, `otel-auto-instrumentation-${language}`, `otel-auto-instrumentation-${language}`, {
    sizeLimit: Size.mebibytes(200), // the Operator's default volumeLimitSize
  });
  const user = container.securityContext.user ?? workload.securityContext.user ?? FALLBACK_INIT_USER;
  const group = container.securityContext.group ?? workload.securityContext.group ?? user;
  const { cpuRequestMillis, cpuLimitMillis, memoryRequestMib, memoryLimitMib } = injection.resources;
  workload.addInitContainer({
    name: `opentelemetry-auto-instrumentation-${language}`,
    image: imageOf(injection.image, images),
    imagePullPolicy: pullPolicy as ImagePullPolicy,
    command: [...injection.copy],
    resources: {
      cpu: { request: Cpu.millis(cpuRequestMillis), limit: Cpu.millis(cpuLimitMillis) },
      memory: { request: Size.mebibytes(memoryRequestMib), limit: Size.mebibytes(memoryLimitMib) },
    },
    securityContext: {
      user, group, ensureNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      capabilities: { drop: [Capability.ALL] }, seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT },
    },
    volumeMounts: [{ path: injection.mountPath, volume }],
  });
  container.mount(injection.mountPath, volume, { readOnly: true });
  for (const variable of injection.hook) {
    container.env.addVariable(variable.name, EnvValue.fromValue(mergedHookValue(variable, literalEnv(container, variable.name))));
  }
  // The workload's own settings win: only what it leaves unset is added.
  for (const [name, value] of Object.entries(injection.env)) {
    if (container.env.variables[name] === undefined) container.env.addVariable(name, EnvValue.fromValue(value));
  }
}

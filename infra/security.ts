import { k8s } from 'cdk8s-plus-28';

/** The restricted Pod Security profile's container settings: no escalation, no capabilities, read-only root, non-root. */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

/** The restricted profile's pod settings for an image's non-root `user` (also its group and fsGroup, so it can write its volumes). */
export function restrictedPod(user: number): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: user, runAsGroup: user, fsGroup: user, seccompProfile: { type: 'RuntimeDefault' } };
}

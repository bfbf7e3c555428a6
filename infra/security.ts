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

/**
 * A container that reads root-owned files of the node (pod logs): it runs as root because those files
 * are root's (containerd writes them 0640 root:root, other runtimes may write 0600), but with every
 * capability dropped, no privilege escalation and a read-only root filesystem.
 */
export const HOST_READER_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: false,
  runAsUser: 0,
  capabilities: { drop: ['ALL'] },
};

/** The pod settings of a host reader: root user and group, the runtime's default seccomp profile. */
export const HOST_READER_POD: k8s.PodSecurityContext = { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } };

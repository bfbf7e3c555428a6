/**
 * Current collector component type names this project knows beyond what the captured collector build
 * registers (test/fixtures/real-programs/otelcol-components.json).
 */

import { COMPONENT_KINDS, type ComponentKind } from '../../settings/collector-distribution';

/** The kinds of component a collector config defines. */
export type Kind = ComponentKind;
export const KINDS = COMPONENT_KINDS;

/**
 * Components the captured build lacks (see ../shared/bin/README.md), with their current type names
 * in contrib 0.159 (each component's metadata.yaml `type`, open-telemetry/opentelemetry-collector-contrib).
 */
export const NOT_IN_CAPTURED_BUILD: Readonly<Partial<Record<Kind, readonly string[]>>> = {
  // file_log: receiver/filelogreceiver/metadata.yaml `type: file_log` (`deprecated_type: filelog`, renamed in 0.149).
  // kubelet_stats: renamed from kubeletstats with a deprecated alias, open-telemetry/opentelemetry-collector-contrib#47957 (2026).
  // k8s_cluster: receiver/k8sclusterreceiver/metadata.yaml `type: k8s_cluster` (snake_case from the start, no alias).
  // k8s_objects: renamed from k8sobjects with a deprecated alias, open-telemetry/opentelemetry-collector-contrib#47440 (2026).
  // All four are part of the renaming tracked in open-telemetry/opentelemetry-collector-contrib#45339.
  receivers: ['file_log', 'kubelet_stats', 'k8s_cluster', 'k8s_objects'],
  processors: ['transform', 'redaction'],
  connectors: ['span_metrics', 'servicegraph'],
};


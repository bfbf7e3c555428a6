/**
 * The shape of the stack's Prometheus rules, and the one place `alerts` settings act on them: an
 * alert switched off is left out, an override replaces its `for` and severity and adds labels (a
 * threshold is read where the alert's expression is built, through `alertThreshold`).
 */
import type { AlertName } from '../../settings/alerts';
import type { AlertSettings } from '../../settings/schema';

/** Who gets told: `page` wakes someone up, `ticket` waits for working hours. */
export type Severity = 'page' | 'ticket';

/** A Prometheus recording rule. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** What every alert tells the one who receives it. */
export interface AlertAnnotations {
  summary: string;
  description: string;
  /** What to look at and what to do, in a few lines. */
  runbook: string;
}

/** A Prometheus alerting rule; every alert here carries a severity, a summary, a description and a runbook. */
export interface AlertingRule {
  alert: AlertName;
  expr: string;
  for: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: AlertAnnotations;
}

/** One rule group: rules of a group are evaluated in order, so alerts may read records above them. */
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<RecordingRule | AlertingRule>;
}

/** A Prometheus rule file (`rule_files:` entry). */
export interface RuleFile {
  groups: RuleGroup[];
}

/** The alerts as defined, before `alerts` settings: `labels` are the ones that tell rules of one name apart (e.g. `signal`). */
export interface AlertDefinition extends AlertAnnotations {
  alert: AlertName;
  expr: string;
  for: string;
  severity: Severity;
  labels?: Record<string, string>;
}

/** The alerting rules the settings keep, tuned: disabled names left out, `for`, severity and labels overridden. */
export function tuned(definitions: readonly AlertDefinition[], s: AlertSettings): AlertingRule[] {
  return definitions
    .filter((d) => !s.disable.includes(d.alert))
    .map((d) => {
      const o = s.override[d.alert] ?? {};
      return {
        alert: d.alert,
        expr: d.expr,
        for: o.for ?? d.for,
        labels: { ...o.labels, ...d.labels, severity: o.severity ?? d.severity },
        annotations: { summary: d.summary, description: d.description, runbook: d.runbook },
      };
    });
}

/** A fixture series: a metric name, its labels and its value at each second after the scenario starts. */
export interface FixtureSeries {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly valueAt: (secondsSinceStart: number) => number;
}

/** A counter growing by `perSecond` (no OpenMetrics type line, so names need no `_total`, like the collector's). */
export const counter = (name: string, labels: Record<string, string>, perSecond: number): FixtureSeries =>
  ({ name, labels, valueAt: (t) => perSecond * t });

/** A constant gauge. */
export const gauge = (name: string, labels: Record<string, string>, value: number): FixtureSeries =>
  ({ name, labels, valueAt: () => value });

/** Where one scenario's samples lie in time. */
export interface Window {
  /** Unix seconds of the first sample. */
  readonly start: number;
  /** Seconds covered. */
  readonly length: number;
  /** Seconds between samples. */
  readonly step: number;
}

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: every series sampled over its
 * window, series of one metric name kept together, ending with `# EOF`.
 */
export function openMetrics(scenarios: ReadonlyArray<{ window: Window; series: readonly FixtureSeries[] }>): string {
  const byName = new Map<string, string[]>();
  for (const { window, series } of scenarios) {
    for (const s of series) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
      const lines = byName.get(s.name) ?? [];
      for (let t = 0; t <= window.length; t += window.step) lines.push(`${s.name}{${labels}} ${s.valueAt(t)} ${window.start + t}`);
      byName.set(s.name, lines);
    }
  }
  return `${[...byName.values()].flat().join('\n')}\n# EOF\n`;
}

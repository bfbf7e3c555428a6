import { parse } from 'yaml';
import { CliError } from '../io';

/** One sample of an instant vector. */
export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Runs instant queries against one Prometheus at one evaluation time. */
export class PrometheusApi {
  constructor(
    /** Base URL, e.g. `http://localhost:9090`. */
    readonly url: string,
    /** Evaluation time, unix seconds; undefined evaluates at Prometheus's now. */
    readonly at?: number,
  ) {}

  /** The instant vector `expr` evaluates to (scalars and strings are refused). */
  async query(expr: string): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expr, ...(this.at !== undefined ? { time: String(this.at) } : {}) });
    const body = await this.get(`/api/v1/query?${params}`) as { data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.data.resultType !== 'vector') throw new CliError(`query returned a ${body.data.resultType}, not a vector: ${expr}`);
    return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  /** `global.external_labels` of the loaded configuration. */
  async externalLabels(): Promise<Record<string, string>> {
    const body = await this.get('/api/v1/status/config') as { data: { yaml: string } };
    return parse(body.data.yaml)?.global?.external_labels ?? {};
  }

  private async get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url.replace(/\/$/, '')}${path}`, { signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new CliError(`cannot reach Prometheus at ${this.url}: ${(error as Error).cause ?? (error as Error).message}`);
    }
    const body = await response.json().catch(() => undefined) as { status?: string; error?: string } | undefined;
    if (!response.ok || body?.status !== 'success') {
      throw new CliError(`Prometheus at ${this.url} answered ${response.status}${body?.error ? `: ${body.error}` : ''}`);
    }
    return body;
  }
}

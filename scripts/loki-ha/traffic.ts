/** Pushes numbered log lines to Loki's push API and reads them back with LogQL, each request bounded in time. */

/** What one push got. */
export interface PushResult {
  readonly replica: string;
  readonly status: number | 'error';
  readonly lines: readonly string[];
}

/** What one query got: its status and the lines it returned (each once: Loki deduplicates the replicas' copies). */
export interface QueryResult {
  readonly replica: string;
  readonly status: number | 'error';
  readonly lines: readonly string[];
}

const TIMEOUT_MS = 5000;

/** POSTs `lines` as one stream with `labels` to `<base>/loki/api/v1/push`; 204 means accepted (by a write quorum of replicas). */
export async function push(replica: string, base: string, labels: Record<string, string>, lines: readonly string[]): Promise<PushResult> {
  const now = BigInt(Date.now()) * 1000000n;
  const body = { streams: [{ stream: labels, values: lines.map((line, i) => [String(now + BigInt(i)), line]) }] };
  try {
    const response = await fetch(`${base}/loki/api/v1/push`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { replica, status: response.status, lines };
  } catch {
    return { replica, status: 'error', lines };
  }
}

/**
 * Every line of `selector` from `startMs` (−1 min) to now (+1 min), oldest first, page by page
 * (`limit` lines each; Loki caps a query at 5000): each next page starts after the last line's timestamp.
 */
export async function queryLines(replica: string, base: string, selector: string, startMs: number, limit = 5000, maxPages = 20): Promise<QueryResult> {
  const lines: string[] = [];
  let from = BigInt(startMs - 60000) * 1000000n;
  const end = `${Date.now() + 60000}000000`;
  for (let page = 0; page < maxPages; page++) {
    const params = new URLSearchParams({ query: selector, start: String(from), end, limit: String(limit), direction: 'forward' });
    let values: Array<[string, string]>;
    try {
      const response = await fetch(`${base}/loki/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return { replica, status: response.status, lines };
      const body = await response.json() as { data: { result: Array<{ values: Array<[string, string]> }> } };
      values = body.data.result.flatMap((r) => r.values).sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1));
    } catch {
      return { replica, status: 'error', lines };
    }
    lines.push(...values.map(([, line]) => line));
    if (values.length < limit) return { replica, status: 200, lines };
    from = BigInt(values[values.length - 1][0]) + 1n;
  }
  return { replica, status: 200, lines };
}

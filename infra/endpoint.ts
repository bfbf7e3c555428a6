/** The TCP port of an address outside the cluster given as `host[:port]` (default 443, or 80 when plain). */
export function portOfHostPort(address: string, insecure: boolean): number {
  const port = /:(\d+)$/.exec(address);
  return port ? Number(port[1]) : insecure ? 80 : 443;
}

/** The TCP port an http(s) URL connects to. */
export function portOfUrl(url: string): number {
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
}

/** An HTTP API by its base URL: an in-cluster Endpoint, or a backend outside the cluster. */
export type HttpApi = Pick<Endpoint, 'url'>;

/** An HTTP API outside the cluster, by its base URL. */
export function externalApi(baseUrl: string): HttpApi {
  return { url: (path = '') => `${baseUrl.replace(/\/+$/, '')}${path}` };
}

/**
 * A network address one component hands to another. Created only by the construct that
 * owns the Service, so every hostname and port is written once.
 */
export class Endpoint {
  constructor(
    /** In-cluster DNS name, `<service>.<namespace>.svc`. */
    readonly host: string,
    /** Service port. */
    readonly port: number,
  ) {}

  /** `host:port`, as gRPC clients and Prometheus targets want it. */
  get hostPort(): string {
    return `${this.host}:${this.port}`;
  }

  /** A URL to `path` on this endpoint. */
  url(path = '', scheme: 'http' | 'https' = 'http'): string {
    return `${scheme}://${this.hostPort}${path}`;
  }
}

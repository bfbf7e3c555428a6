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

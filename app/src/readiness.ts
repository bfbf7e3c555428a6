/**
 * Readiness flag shared by `GET /readyz` and the shutdown sequence: it turns
 * false as soon as a stop signal arrives so load balancers drain the pod
 * while in-flight requests finish.
 */
export class Readiness {
  private draining = false;

  /** True until {@link Readiness.startDraining} is called. */
  get ready(): boolean {
    return !this.draining;
  }

  /** Marks the service as going away; irreversible. */
  startDraining(): void {
    this.draining = true;
  }
}

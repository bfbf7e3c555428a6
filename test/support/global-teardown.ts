/** Removes the run's temp folder (global-setup.ts): what the tests and their processes left there. */
import { rmSync } from 'node:fs';
import { RUN_TMPDIR } from './synth';

export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR];
  if (dir) rmSync(dir, { recursive: true, force: true });
}

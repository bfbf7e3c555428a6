/**
 * Runs once before every test file of `npm test`: synthesizes each environment once into a temp folder that every test file reads
 * (test/support/synth.ts), instead of each file synthesizing them again; the parsed objects are
 * kept beside each folder as JSON, so the files do not parse the same YAML again either.
 * Every temp folder of the run (the tests' own, and their child processes') goes into one folder
 * under the system's, which global-teardown.ts removes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthEnvironment } from '../../infra/synth';
import { ENVIRONMENTS } from '../../overlays';
import { compileApp } from '../app/helpers/spawn-app';
import { RUN_TMPDIR, SHARED_SYNTH_DIR, saveParsedOutput } from './synth';

export default function globalSetup(): void {
  prepareRun({ compileService: false });
}

/** The run's temp folder and shared synthesis; `compileService` also compiles the demo service (its process tests). */
export function prepareRun(options: { compileService: boolean }): void {
  // Workers and the processes they start inherit TMPDIR, and os.tmpdir() reads it at each call.
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'otel-lgtm-test-run-'));
  process.env[RUN_TMPDIR] = process.env.TMPDIR;
  if (options.compileService) compileApp();
  const dir = mkdtempSync(join(tmpdir(), 'otel-lgtm-synth-'));
  for (const make of Object.values(ENVIRONMENTS)) saveParsedOutput(synthEnvironment(make().validate(), dir));
  process.env[SHARED_SYNTH_DIR] = dir;
}

/**
 * Headless Chromium for browser tests: Debian's `chromium`, installed by
 * scripts/install-chromium.sh when missing, driven by playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from './spawn-app';

/** The browser binary (CHROMIUM_PATH overrides). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline, sandbox-less (root in a container) headless flags. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Makes sure Chromium is there, installing it if needed. Returns undefined
 * when it is, or the reason it cannot be had (apt unavailable), to skip with.
 * Any other install failure throws.
 */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const run = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-chromium.sh')], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
  if (run.status === 0 && existsSync(CHROMIUM)) return undefined;
  if (run.status === 3) return run.stderr.trim();
  throw new Error(`installing chromium failed (exit ${String(run.status)}):\n${run.stdout}${run.stderr}`);
}

/** A browser with a fresh profile, removed on close. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user data dir. */
export async function launchChromium(): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

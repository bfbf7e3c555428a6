import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianTool } from './servers';

/** amtool's exit status and combined output. */
export interface AmtoolResult {
  status: number;
  output: string;
}

function amtool(args: string[]): Promise<AmtoolResult> {
  return new Promise((resolve, reject) => {
    execFile(debianTool('prometheus-alertmanager', 'amtool'), args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') reject(error);
      else resolve({ status: typeof code === 'number' ? code : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs `use(path)` with the config text written to a temp file, removed afterwards. */
async function withConfigFile<T>(configYaml: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-'));
  try {
    const path = join(dir, 'alertmanager.yaml');
    writeFileSync(path, configYaml);
    return await use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `amtool check-config` on an Alertmanager config's YAML text. */
export function checkAlertmanagerConfig(configYaml: string): Promise<AmtoolResult> {
  return withConfigFile(configYaml, (path) => amtool(['check-config', path]));
}

/**
 * `amtool config routes test --verify.receivers=<expected>` for an alert with `labels`:
 * exits 0 only if the routing tree sends it to exactly those receivers; the output names them.
 */
export function routeAlert(configYaml: string, labels: Record<string, string>, expected: string): Promise<AmtoolResult> {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return withConfigFile(configYaml, (path) => amtool(['config', 'routes', 'test', `--config.file=${path}`, `--verify.receivers=${expected}`, ...pairs]));
}

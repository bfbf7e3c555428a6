import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENVIRONMENTS } from '../../overlays';
import { composeOutput, SECRETS_DIR } from '../../infra/compose/output';

const COMMITTED = join(__dirname, '..', '..', 'dist', 'compose');

/** Every file under `dir` (relative path → text), the git-ignored secrets folder aside. */
function committedFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (relative(dir, path) === SECRETS_DIR) continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe.each(readdirSync(COMMITTED))('committed dist/compose/%s', (name) => {
  it('equals a fresh `otel-lgtm compose` (run `npm run synth` and commit dist/ when this fails)', () => {
    const fresh = composeOutput(ENVIRONMENTS[name]().validate()).files;
    expect(Object.fromEntries(committedFiles(join(COMMITTED, name)))).toEqual(Object.fromEntries(fresh));
  });
});

test('dist/compose holds dev, and no secret value', () => {
  expect(readdirSync(COMMITTED)).toEqual(['dev']);
  const text = [...committedFiles(join(COMMITTED, 'dev')).values()].join('\n');
  expect(text).not.toMatch(/GF_SECURITY_ADMIN_PASSWORD=|VERIFY_GRAFANA_PASSWORD=/);
  // The cluster's dev Secret value must not leak into Compose either: the env file carries secrets.
  expect(text).not.toContain('dev-only-admin');
});

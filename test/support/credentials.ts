import { Manifest, podSpecOf } from './synth';

/** Keys whose literal values are credentials. */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)$/i;
/** Well-known credential formats, wherever they appear. */
const SECRET_VALUES: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36}\b/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

/**
 * Credential-looking values in manifests: `key: value` lines in ConfigMap data whose key names a
 * credential, literal env values of such variables, known token formats anywhere, and Secrets
 * with data unless labelled dev-only. Returns `Kind/name: finding` strings.
 */
export function credentialFindings(objects: readonly Manifest[]): string[] {
  const findings: string[] = [];
  for (const obj of objects) {
    const where = `${obj.kind}/${obj.metadata.name}`;
    const text = JSON.stringify(obj);
    for (const [what, pattern] of SECRET_VALUES) if (pattern.test(text)) findings.push(`${where}: contains a ${what}`);
    if (obj.kind === 'Secret' && obj.metadata.labels?.['otel-lgtm/dev-only'] !== 'true' && (obj.data || obj.stringData)) {
      findings.push(`${where}: a Secret with values in the manifests`);
    }
    if (obj.kind === 'ConfigMap') {
      for (const [file, content] of Object.entries<string>(obj.data ?? {})) {
        for (const line of content.split('\n')) {
          const m = /^\s*["']?([\w.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/.exec(line);
          if (m && SECRET_KEY.test(m[1]) && !/^(\$\{|\/|\[\]|\{\}|true|false|null)/.test(m[2])) findings.push(`${where}[${file}]: ${m[1]} has a literal value`);
        }
      }
    }
    for (const c of podSpecOf(obj)?.containers ?? []) {
      // A path (GOOGLE_APPLICATION_CREDENTIALS=/etc/…/key.json) names a mounted file: a reference, as in config files.
      for (const env of c.env ?? []) if (SECRET_KEY.test(env.name) && env.value && !env.value.startsWith('/')) findings.push(`${where}: env ${env.name} has a literal value`);
    }
  }
  return findings;
}

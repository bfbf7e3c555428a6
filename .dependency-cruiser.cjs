/**
 * The one direction of imports (ARCHITECTURE: settings → overlays → config → infra → cli), checked
 * by dependency-cruiser in `npm test` (test/contracts/imports.test.ts) and by `npx depcruise`.
 * Each rule names a layer and what above it the layer must not import.
 */
const layer = (name, path, above) => ({
  name: `${name}-imports-nothing-above`,
  comment: `${name}/ must not import ${above.join(', ')}`,
  severity: 'error',
  from: { path },
  to: { path: `^(${above.join('|')})/` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'an import circle', severity: 'error', from: {}, to: { circular: true } },
    layer('settings', '^settings/', ['overlays', 'config', 'infra', 'cli', 'scripts', 'test', 'app']),
    layer('overlays', '^overlays/', ['config', 'infra', 'cli', 'scripts', 'test', 'app']),
    layer('config', '^config/', ['overlays', 'infra', 'cli', 'scripts', 'test', 'app']),
    layer('infra', '^infra/', ['cli', 'scripts', 'test', 'app']),
    layer('cli', '^cli/', ['scripts', 'test', 'app']),
    // Scripts (the e2e run, CI helpers) stand on the library, never on the tests; tests may import scripts.
    layer('scripts', '^scripts/', ['test']),
    // The demo service knows nothing of cdk8s or the library.
    layer('app', '^app/', ['settings', 'overlays', 'config', 'infra', 'cli', 'scripts', 'test']),
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|build|dist|app/build)/' },
  },
};

// Synthesizes N LgtmStacks (one per namespace) in one cdk8s app from the built package (build/),
// as a consumer does; `node bench/stacks.js 2`. Used by bench/synth-bench.ts for the
// one-stack vs two-stacks comparison.
const { App, YamlOutputType } = require('cdk8s');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { LgtmStack, mergeProps, presets } = require('../build/infra');

const count = Number(process.argv[2] ?? 1);
const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'bench-stacks-')), yamlOutputType: YamlOutputType.FILE_PER_APP });
for (let i = 0; i < count; i++) {
  new LgtmStack(app, `team-${i}`, mergeProps(presets.staging, { name: `team-${i}`, stackNamespace: `observability-${i}`, appNamespace: `demo-${i}` }));
}
app.synth();

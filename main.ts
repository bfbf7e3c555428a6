/**
 * This repository's cdk8s app: `npx tsx main.ts [--env <name>]...` is `otel-lgtm synth` (cli/synth.ts),
 * which writes dist/<env>/ for the environments of overlays/. `npm run synth` runs the same, precompiled.
 */
import { main } from './cli/main';

process.argv.splice(2, 0, 'synth');
main();

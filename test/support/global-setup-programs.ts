/** `npm run test:programs`' setup: as `npm test`'s (./global-setup.ts), and the demo service compiled for its process tests. */
import { prepareRun } from './global-setup';

export default function globalSetup(): void {
  prepareRun({ compileService: true });
}

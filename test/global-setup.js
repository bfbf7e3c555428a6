const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * Jest global setup: obtains the Debian tools the tests run (promtool, prometheus, amtool and
 * alertmanager) into .tools/, once; a no-op when they are present.
 */
module.exports = async function installTestTools() {
  const script = join(__dirname, '..', 'scripts', 'install-test-tools.sh');
  try {
    execFileSync('bash', [script], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    throw new Error(`could not install the test tools (bash scripts/install-test-tools.sh): ${String(error.stderr ?? error.message).trim()}`);
  }
};

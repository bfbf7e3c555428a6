/**
 * The auto-instrumentation images are pinned to the tags the Operator project publishes for the SDK
 * versions in its tree: `<sdk-version>-<revision>`, the version read where its publish workflow reads
 * it (autoinstrumentation/README.md's table), the revision from `revision.txt`. The registry itself
 * cannot be asked from here; this ties each tag to the Operator's sources (test/fixtures/operator/autoinstrumentation).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES } from '../../infra/images';

const dir = join(__dirname, '..', 'fixtures', 'operator', 'autoinstrumentation');
const read = (language: string, file: string) => readFileSync(join(dir, language, file), 'utf8');

/** The SDK version each language's image carries, read as the Operator's workflows read it. */
const SDK_VERSION: Record<string, () => string> = {
  nodejs: () => JSON.parse(read('nodejs', 'package.json')).dependencies['@opentelemetry/auto-instrumentations-node'],
  python: () => /^opentelemetry-distro==(\S+)$/m.exec(read('python', 'requirements.txt'))![1],
  java: () => read('java', 'version.txt').trim(),
  dotnet: () => read('dotnet', 'version.txt').trim(),
};

describe('auto-instrumentation image tags', () => {
  it.each([
    ['nodejs', IMAGES.autoInstrumentationNodejs], ['python', IMAGES.autoInstrumentationPython],
    ['java', IMAGES.autoInstrumentationJava], ['dotnet', IMAGES.autoInstrumentationDotnet],
  ])('%s is the Operator\'s <sdk-version>-<revision> tag', (language, image) => {
    expect(image).toBe(`otel/autoinstrumentation-${language}:${SDK_VERSION[language]()}-${read(language, 'revision.txt').trim()}`);
  });
});

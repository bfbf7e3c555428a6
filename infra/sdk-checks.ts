/**
 * What `instrument(workload, { autoInstrument })` checks before injecting, so that a deploy that
 * would not work (or would send everything twice) stops at synthesis with one line naming the
 * workload and what to do.
 */
import type { Container } from 'cdk8s-plus-28';
import { SDK_LANGUAGES, SdkLanguage } from './sdk-languages';

/** A literal env value of the container, or undefined (unset or from a Secret/ConfigMap/field). */
export function literalEnv(container: Container, name: string): string | undefined {
  return container.env.variables[name]?.value;
}

/**
 * An entry point Node.js loads as ECMAScript module only, where `--require` preloads nothing into
 * the module graph: a `.mjs` file, or `--experimental-default-type=module` / `--input-type=module`
 * in the command line. (A `.js` entry under `"type": "module"` is invisible from the manifest:
 * `--require` still runs there and instruments CommonJS dependencies, so it is not refused.)
 */
function esmEntry(argv: readonly string[]): string | undefined {
  return argv.find((a) => /\.mjs$/.test(a) || /^--(experimental-default-type|input-type)=module$/.test(a));
}

/** Packages whose presence in NODE_OPTIONS means an SDK is already started. */
const NODE_SDK_PRELOAD = /--(require|import)[= ](\S*(@opentelemetry|autoinstrumentation|instrument|otel)\S*)/;

/** Problems with injecting `language` into `container` of `what`, one line each. */
export function injectionProblems(what: string, language: string, container: Container): string[] {
  if (!(SDK_LANGUAGES as readonly string[]).includes(language)) {
    return [`${what}: autoInstrument '${language}' has no auto-instrumentation image (one of ${SDK_LANGUAGES.join(', ')})`];
  }
  const problems: string[] = [];
  if (container.env.variables.OTEL_SDK_DISABLED !== undefined) {
    problems.push(`${what}: container '${container.name}' sets OTEL_SDK_DISABLED, so it manages an SDK of its own: remove that variable, or do not autoInstrument this workload`);
  }
  problems.push(...languageProblems(what, language as SdkLanguage, container));
  return problems;
}

function languageProblems(what: string, language: SdkLanguage, container: Container): string[] {
  const problems: string[] = [];
  const name = `container '${container.name}'`;
  const hookFromRef = (variable: string) => container.env.variables[variable] !== undefined && literalEnv(container, variable) === undefined;
  if (language === 'nodejs') {
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    const program = container.command?.[0];
    if (program !== undefined && !/(^|\/)node(js)?$/.test(program)) {
      problems.push(`${what}: ${name} runs '${program}', not node, so NODE_OPTIONS may never reach Node.js: make the command node (e.g. ['node', 'server.js']), or leave command unset to use the image's`);
    }
    const esm = esmEntry(argv);
    if (esm !== undefined) {
      problems.push(`${what}: ${name} starts an ES module ('${esm}'), where --require does not instrument imports: load the SDK with --import (NODE_OPTIONS='--import @opentelemetry/auto-instrumentations-node/register' from the image's dependencies) instead of autoInstrument`);
    }
    const preload = NODE_SDK_PRELOAD.exec(literalEnv(container, 'NODE_OPTIONS') ?? '');
    if (preload) problems.push(`${what}: ${name} already preloads an SDK (NODE_OPTIONS ${preload[1]} ${preload[2]}), so telemetry would be sent twice: remove it, or do not autoInstrument`);
    if (hookFromRef('NODE_OPTIONS')) problems.push(`${what}: ${name} takes NODE_OPTIONS from a reference, which cannot be appended to: set it as a value`);
  }
  if (language === 'java') {
    const options = literalEnv(container, 'JAVA_TOOL_OPTIONS') ?? '';
    if (/-javaagent:\S*(opentelemetry|otel)/i.test(options)) problems.push(`${what}: ${name} already loads an OpenTelemetry Java agent (JAVA_TOOL_OPTIONS), so telemetry would be sent twice: remove it, or do not autoInstrument`);
    if (hookFromRef('JAVA_TOOL_OPTIONS')) problems.push(`${what}: ${name} takes JAVA_TOOL_OPTIONS from a reference, which cannot be appended to: set it as a value`);
  }
  if (language === 'python' && hookFromRef('PYTHONPATH')) {
    problems.push(`${what}: ${name} takes PYTHONPATH from a reference, which cannot be extended: set it as a value`);
  }
  if (language === 'dotnet' && container.env.variables.OTEL_DOTNET_AUTO_HOME !== undefined) {
    problems.push(`${what}: ${name} already sets OTEL_DOTNET_AUTO_HOME (the .NET auto-instrumentation is configured), so telemetry would be sent twice: remove it, or do not autoInstrument`);
  }
  return problems;
}

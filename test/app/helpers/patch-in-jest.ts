/**
 * Jest loads modules through its own registry (and hands out its own `module`
 * builtin), so the OTel require hook never sees `http` or `pino` being loaded.
 * This applies the registered instrumentation's own patch to the module the
 * test uses, which is what the hook does in a real process.
 */
import type { Telemetry } from '../../../app/src/telemetry';

/** The part of InstrumentationBase used here (the public interface type lacks it). */
interface WithModuleDefinitions {
  getModuleDefinitions(): Array<{
    name: string;
    patch?: (moduleExports: unknown, version?: string) => unknown;
    unpatch?: (moduleExports: unknown, version?: string) => void;
  }>;
}

/** A patched module and the way back. */
export interface AppliedPatch<T> {
  readonly exports: T;
  unpatch(): void;
}

/** Runs `instrumentationName`'s patch for `moduleName` on `moduleExports`. */
export function applyPatch<T>(
  telemetry: Telemetry,
  instrumentationName: string,
  moduleName: string,
  moduleExports: T,
): AppliedPatch<T> {
  const instrumentation = telemetry.instrumentations.find((i) => i.instrumentationName === instrumentationName);
  if (!instrumentation) throw new Error(`${instrumentationName} is not registered`);
  const definition = (instrumentation as unknown as WithModuleDefinitions)
    .getModuleDefinitions().find((d) => d.name === moduleName);
  if (!definition?.patch) throw new Error(`${instrumentationName} has no patch for ${moduleName}`);
  const patched = definition.patch(moduleExports, undefined) as T;
  return { exports: patched, unpatch: () => definition.unpatch?.(moduleExports, undefined) };
}

import { Manifest } from './synth';

/**
 * Validates objects against the Kubernetes OpenAPI schemas shipped by `kubernetes-models`
 * (generated from the upstream API; types, required fields, enums, formats).
 * Returns `Kind/name: problem` strings.
 */
export function schemaProblems(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const obj of objects) {
    const where = `${obj.kind}/${obj.metadata?.name}`;
    const model = modelFor(obj.apiVersion, obj.kind);
    if (!model) {
      problems.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new model(obj).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems;
}

type Model = new (data: unknown) => { validate(): void };

function modelFor(apiVersion: string, kind: string): Model | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path) as Record<string, Model>)[kind];
  } catch {
    return undefined;
  }
}

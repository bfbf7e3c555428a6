/**
 * Checks an object against a CustomResourceDefinition's openAPIV3Schema the way the API server's
 * structural-schema validation does for the parts these schemas use: types, required fields, unknown
 * fields (pruned by the server: an error here, so a misspelt field is caught), enums, patterns,
 * lengths, minimums and array items. Formats and CEL rules are not evaluated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The pinned CRDs (test/fixtures/crds/), by file name. */
export function crdSchema(file: string, version: string): { group: string; kind: string; schema: any } {
  const crd = parse(readFileSync(join(__dirname, '..', 'fixtures', 'crds', file), 'utf8'));
  const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
  if (!v) throw new Error(`${file}: no version ${version}`);
  return { group: crd.spec.group, kind: crd.spec.names.kind, schema: v.schema.openAPIV3Schema };
}

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value);

/** Every violation of `schema` by `value`, as `path: problem`. */
export function schemaErrors(schema: any, value: unknown, path = ''): string[] {
  const at = path || '(root)';
  if (schema['x-kubernetes-int-or-string'] && ['integer', 'string'].includes(typeOf(value))) return [];
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return [];
  const type = typeOf(value);
  if (schema.type && !(schema.type === type || (schema.type === 'number' && type === 'integer'))) return [`${at}: ${type}, the schema wants ${schema.type}`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: '${String(value)}' is not one of ${schema.enum.join(', ')}`);
  if (type === 'string') {
    const s = value as string;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(s)) errors.push(`${at}: '${s}' does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && s.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && s.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
  }
  if ((type === 'integer' || type === 'number') && schema.minimum !== undefined && (value as number) < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
  if (type === 'array' && schema.items) (value as unknown[]).forEach((item, i) => errors.push(...schemaErrors(schema.items, item, `${path}[${i}]`)));
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    for (const field of schema.required ?? []) if (!(field in object)) errors.push(`${at}: ${field} is required`);
    for (const [key, child] of Object.entries(object)) {
      // metadata is ObjectMeta, validated by the API server itself, not by the CRD's schema.
      if (path === '' && key === 'metadata') continue;
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub) errors.push(...schemaErrors(sub, child, path ? `${path}.${key}` : key));
      else if (!(path === '' && ['apiVersion', 'kind', 'metadata'].includes(key)) && !schema['x-kubernetes-preserve-unknown-fields']) errors.push(`${path ? `${path}.` : ''}${key}: not in the schema`);
    }
  }
  return errors;
}

/**
 * Every prop a library user can set is documented with its default (AWS CDK and cdk8s-plus
 * guidelines): each field of `StackSettings` and of every settings interface has a `@default` tag,
 * so the generated declarations say what leaving it out means.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/** `Owner.field` of every property (or, with `optionalOnly`, every optional one) without a `@default` JSDoc tag in a source file. */
function undocumentedDefaults(file: string, optionalOnly = false): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const missing: string[] = [];
  const visit = (node: ts.Node): void => {
    const isField = ts.isPropertySignature(node) || (ts.isPropertyDeclaration(node) && !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword));
    // With optionalOnly: the optional fields of prop types (`…Props`, `…Options`, `…Bucket`), not results such as endpoints.
    const isPropType = isField && ts.isInterfaceDeclaration(node.parent) && /(Props|Options|Bucket)$/.test(node.parent.name.text);
    const checked = isField && (!optionalOnly || (node.questionToken !== undefined && isPropType));
    if (checked && (ts.isInterfaceDeclaration(node.parent) || ts.isClassDeclaration(node.parent)) && node.parent.name) {
      if (!ts.getJSDocTags(node).some((t) => t.tagName.text === 'default')) missing.push(`${node.parent.name.text}.${node.name.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return missing;
}

const ROOT = join(__dirname, '..', '..');

it.each(['settings/schema.ts', 'settings/stack-settings.ts'])('%s: every prop has a @default', (file) => {
  expect(undocumentedDefaults(join(ROOT, file))).toEqual([]);
});

// The constructs' own props (LokiProps, TempoProps, …): every optional prop says what leaving it out means.
const INFRA = readdirSync(join(ROOT, 'infra')).filter((f) => f.endsWith('.ts')).map((f) => `infra/${f}`);
it.each(INFRA)('%s: every optional prop has a @default', (file) => {
  expect(undocumentedDefaults(join(ROOT, file), true)).toEqual([]);
});

it('the check finds a prop without one', () => {
  const file = join(tmpdir(), 'undocumented.ts');
  writeFileSync(file, 'export interface X {\n  /** Documented. */\n  readonly a: string;\n  /**\n   * Fine.\n   * @default 1\n   */\n  readonly b: number;\n}\n');
  expect(undocumentedDefaults(file)).toEqual(['X.a']);
  writeFileSync(file, 'export interface PProps {\n  /** Required: needs none. */\n  readonly a: string;\n  /** Optional, undocumented default. */\n  readonly b?: number;\n}\n');
  expect(undocumentedDefaults(file, true)).toEqual(['PProps.b']);
});

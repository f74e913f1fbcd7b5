// The client-facing messages of the SPA, read from the source (a TypeScript AST walk, the same
// shapes react-intl and the formatjs tools accept): every object literal with a string `id` and
// `defaultMessage` (intl.formatMessage({...}), defineMessages({...}), descriptors in model/ files)
// and every JSX element with `id` and `defaultMessage` attributes (<FormattedMessage .../>).
// Used by the Spanish coverage test (scripts/i18n-coverage.test.ts) and the e2e helper
// expectSpanish (e2e/fixtures/i18n.ts). The list of client-facing files is src/web/i18n/client-facing.json.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import clientFacing from '../../src/web/i18n/client-facing.json' with { type: 'json' };

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Message {
  id: string;
  defaultMessage: string;
  file: string;
  line: number;
}

/** The client-facing source files (repository-relative), from the one list. */
export function clientFacingFiles(): string[] {
  return globSync(clientFacing.files, { cwd: ROOT }).sort();
}

function literalText(node: ts.Node | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isJsxExpression(node)) return literalText(node.expression);
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return null;
}

function propName(name: ts.PropertyName | ts.JsxAttributeName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return null;
}

/** The messages written in one source text (file is only for the report). */
export function extractFromSource(file: string, text: string): Message[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Message[] = [];
  const add = (node: ts.Node, id: string | null, defaultMessage: string | null) => {
    if (id === null || defaultMessage === null) return;
    out.push({ id, defaultMessage, file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = new Map<string, ts.Node>();
      for (const p of node.properties) if (ts.isPropertyAssignment(p) && propName(p.name)) props.set(propName(p.name)!, p.initializer);
      if (props.has('id') && props.has('defaultMessage')) add(node, literalText(props.get('id')), literalText(props.get('defaultMessage')));
    } else if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      const attrs = new Map<string, ts.Node | undefined>();
      for (const a of node.attributes.properties) if (ts.isJsxAttribute(a) && propName(a.name)) attrs.set(propName(a.name)!, a.initializer);
      if (attrs.has('id') && attrs.has('defaultMessage')) add(node, literalText(attrs.get('id')), literalText(attrs.get('defaultMessage')));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export function extractMessages(files = clientFacingFiles()): Message[] {
  return files.flatMap((f) => extractFromSource(f, readFileSync(join(ROOT, f), 'utf8')));
}

export interface SpanishCatalog {
  messages: Record<string, string>;
  /** Where each id was found (a second file with the same id is a conflict when its text differs). */
  conflicts: string[];
}

/** Every es.json under src/web, merged as the SPA merges them (src/web/i18n/catalogs/es.ts). */
export function spanishCatalog(): SpanishCatalog {
  const messages: Record<string, string> = {};
  const from: Record<string, string> = {};
  const conflicts: string[] = [];
  for (const f of globSync(['src/web/**/{es,*.es}.json'], { cwd: ROOT }).sort()) {
    const json = JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as Record<string, string>;
    for (const [id, text] of Object.entries(json)) {
      if (id in messages && messages[id] !== text) conflicts.push(`${id}: ${from[id]} and ${f} differ`);
      messages[id] = text;
      from[id] = f;
    }
  }
  return { messages, conflicts };
}

/** The argument names of an ICU message ({name}, {n, plural, …}, <b>…</b>); throws if it does not parse. */
export function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      names.add(el.type === TYPE.tag ? `<${el.value}>` : el.value);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

export const relativeToRoot = (p: string) => relative(ROOT, p);

// The client entry's messages compiled at build time (issue 19's budget): react-intl then needs no
// ICU MessageFormat parser at run time (@formatjs/icu-messageformat-parser, ~8 kB brotli with its
// skeleton parser, every first screen), so the client build aliases it to its `no-parser` build.
// - Every defaultMessage in our source (formatMessage, defineMessages, <FormattedMessage>) becomes
//   its AST, by formatjs's own TypeScript transformer (`ast: true`), whitespace kept as written.
// - Every es.json (the Spanish catalog, src/web/i18n/catalogs/es.ts) is loaded as ASTs.
// A message the build cannot see (a descriptor built at run time) would fail to format; the lint
// rule formatjs/enforce-default-message ('literal', eslint.config.js) already forbids one.
import { readFileSync } from 'node:fs';
import { parse } from '@formatjs/icu-messageformat-parser';
import { transformWithTs } from '@formatjs/ts-transformer';
import ts from 'typescript';
import type { Plugin } from 'vite';

const OWN_SOURCE = /\/src\/(?:web|shared)\/.*\.tsx?$/;
const CATALOG = /\/src\/web\/.*(?:\/|\.)es\.json$/;

export const NO_PARSER = { find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' };

export function precompiledMessages(): Plugin {
  const formatjs = transformWithTs(ts, { ast: true, preserveWhitespace: true, throws: true });
  return {
    name: 'hearth:precompiled-messages',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (!CATALOG.test(id.replace(/\\/g, '/'))) return null;
      const catalog = JSON.parse(readFileSync(id, 'utf8')) as Record<string, string>;
      return JSON.stringify(Object.fromEntries(Object.entries(catalog).map(([key, message]) => [key, parse(message)])));
    },
    transform(code, id) {
      const file = id.replace(/\\/g, '/');
      if (!OWN_SOURCE.test(file) || !/defaultMessage|defineMessages/.test(code)) return null;
      const out = ts.transpileModule(code, {
        fileName: file,
        compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve, isolatedModules: true, sourceMap: true },
        transformers: { before: [formatjs] },
      });
      return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText ?? null };
    },
  };
}

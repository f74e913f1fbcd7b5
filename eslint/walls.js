// Walls between modules (ARCHITECTURE.md, src/server/README.md): a file may import another
// module's public face (its index.ts) and nothing else of it. Generic over where modules live, so
// the same rule walls src/server/modules/* and src/web/features/*:
//
//   'walls/public-face': ['error', { root: 'src/server/modules', publicFaces: ['index.ts'] }]
//
// A module is a folder directly under `root`; files directly in `root` (e.g. contract.ts) belong to
// no module and may be imported by anyone. Inside a module, its own files (tests included) import
// each other freely, but never through the module's own index (that is for others, and importing it
// from inside invites load-order cycles). Type-only imports, re-exports and dynamic import() with a
// literal path are walled like any import. `allowInternal` names modules whose internals may still
// be imported, for a wall still being built: say why where you use it, and remove it when done.
import fs from 'node:fs';
import path from 'node:path';

const wallSchema = {
  type: 'object',
  properties: {
    root: { type: 'string' },
    publicFaces: { type: 'array', items: { type: 'string' }, minItems: 1 },
    allowInternal: { type: 'array', items: { type: 'string' } },
  },
  required: ['root', 'publicFaces'],
  additionalProperties: false,
};

/** `a/b.js` -> `a/b` (the .ts/.tsx source of a NodeNext import has the same stem). */
const stem = (p) => p.replace(/\.(js|jsx|ts|tsx|mjs|cjs)$/, '');

/** The module (folder under root) a path lies in, and the path inside it; undefined outside any module. */
function locate(rootAbs, fileAbs) {
  const rel = path.relative(rootAbs, fileAbs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length < 2) return undefined;
  return { module: parts[0], inner: parts.slice(1).join('/') };
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const publicFace = {
  meta: {
    type: 'problem',
    docs: { description: "Import another module only through its public face (index.ts), never its internals" },
    schema: { type: 'array', items: wallSchema },
    messages: {
      internal: "'{{spec}}' reaches into module '{{target}}' ({{inner}}); import its public face ({{faces}}) instead{{hint}}.",
      ownFace: "'{{spec}}' imports this module's own public face; import the file it re-exports directly.",
    },
  },
  create(context) {
    const walls = context.options.map((o) => ({
      rootAbs: path.resolve(context.cwd, o.root),
      faces: new Set(o.publicFaces.map(stem)),
      faceList: o.publicFaces.join(' / '),
      allow: new Set(o.allowInternal ?? []),
    }));
    const filename = context.filename;
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      let target = path.resolve(path.dirname(filename), spec);
      if (isDirectory(target)) target = path.join(target, 'index');
      for (const w of walls) {
        const to = locate(w.rootAbs, target);
        if (!to) continue;
        const from = locate(w.rootAbs, filename);
        const isFace = !to.inner.includes('/') && w.faces.has(stem(to.inner));
        if (from && from.module === to.module) {
          if (isFace) context.report({ node, messageId: 'ownFace', data: { spec } });
          continue;
        }
        if (isFace || w.allow.has(to.module)) continue;
        const hint = from ? '' : ' (files outside the modules are held to the same wall)';
        context.report({ node, messageId: 'internal', data: { spec, target: to.module, inner: stem(to.inner), faces: w.faceList, hint } });
      }
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { meta: { name: 'walls' }, rules: { 'public-face': publicFace } };

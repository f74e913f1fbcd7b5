// The module-level import graph, derived from the source: every file under a root's module folders
// (src/server/modules/<m>/, src/web/features/<f>/) is read, its relative imports resolved, and an
// edge a -> b kept when a file of module a imports any file of module b. Type-only imports count:
// they are still a dependency a reader has to follow. Used by src/structure.test.ts (no cycles) and
// printable with `npx tsx scripts/lib/module-graph.ts` (edges, cycles, imports of internals).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A folder whose sub-folders are modules, and the files that are a module's public face. */
export interface ModuleRoot {
  /** Relative to the repository root, e.g. 'src/server/modules'. */
  dir: string;
  /** File names (in a module folder) other modules may import. */
  publicFaces: string[];
}

export const SERVER_MODULES: ModuleRoot = { dir: 'src/server/modules', publicFaces: ['index.ts'] };
export const WEB_FEATURES: ModuleRoot = { dir: 'src/web/features', publicFaces: ['index.ts', 'index.tsx'] };

export interface ImportEdge {
  /** Importing file, relative to the repository root. */
  from: string;
  /** Imported file, relative to the repository root (resolved to its .ts/.tsx source). */
  to: string;
  fromModule: string;
  toModule: string;
}

export interface ModuleGraph {
  root: ModuleRoot;
  modules: string[];
  /** Every cross-module import (file level). */
  imports: ImportEdge[];
  /** Module -> the modules it imports. */
  edges: Map<string, Set<string>>;
}

const SOURCE = /\.(ts|tsx)$/;
// Static `import … from '…'`, `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`.
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (SOURCE.test(name)) out.push(full);
  }
  return out;
}

/** The relative specifiers a source file imports. */
export function importSpecifiers(source: string): string[] {
  // Comments may quote import lines; drop them before matching.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIERS)].map((m) => m[1]!);
}

/**
 * What loading a file loads at once: its static imports and re-exports that survive compilation
 * (not `import type`, not an import whose every name is `type`), relative or package. Dynamic
 * import() is left out: it loads later, when called.
 */
export function staticRuntimeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const names = /\{([^}]*)\}/.exec(m[3]!);
    const onlyTypes = names && !/^[\w$]/.test(m[3]!.trim()) && names[1]!.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    if (!onlyTypes) out.push(m[4]!);
  }
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

/**
 * The files and packages loaded at once when `entry` is loaded (static runtime imports, followed
 * through relative files). Package names are kept as written up to their name (`@fastify/cookie`, `pino`).
 */
export function runtimeClosure(repo: string, entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticRuntimeImports(readFileSync(path.join(repo, file), 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveImport(repo, file, spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files, packages };
}

/** `./x.js` from `a/b.ts` -> `a/x.ts` (or .tsx, or x/index.ts), relative to `repo`. */
export function resolveImport(repo: string, fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(path.resolve(repo, fromFile)), specifier);
  const base = target.replace(/\.(js|jsx|ts|tsx)$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(target, 'index.ts'), path.join(target, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return path.relative(repo, candidate);
    } catch {
      // try the next candidate
    }
  }
  return path.relative(repo, target);
}

/** The module a repository-relative file belongs to under `root`, or undefined. */
export function moduleOf(root: ModuleRoot, file: string): string | undefined {
  const rel = path.relative(root.dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Test files are left out unless asked for: nothing imports them, so they cannot close a cycle of modules loading each other. */
export function buildModuleGraph(repo: string, root: ModuleRoot, opts: { tests?: boolean } = {}): ModuleGraph {
  const absRoot = path.join(repo, root.dir);
  const modules = readdirSync(absRoot).filter((n) => statSync(path.join(absRoot, n)).isDirectory()).sort();
  const imports: ImportEdge[] = [];
  const edges = new Map<string, Set<string>>(modules.map((m) => [m, new Set<string>()]));
  for (const m of modules) {
    for (const abs of walk(path.join(absRoot, m))) {
      const from = path.relative(repo, abs);
      if (!opts.tests && /\.test\.tsx?$/.test(from)) continue;
      for (const spec of importSpecifiers(readFileSync(abs, 'utf8'))) {
        const to = resolveImport(repo, from, spec);
        const toModule = moduleOf(root, to);
        if (!toModule || toModule === m) continue;
        imports.push({ from, to, fromModule: m, toModule });
        edges.get(m)!.add(toModule);
      }
    }
  }
  return { root, modules, imports, edges };
}

/** Imports of another module's files other than its public face. */
export function internalImports(graph: ModuleGraph): ImportEdge[] {
  return graph.imports.filter((e) => !graph.root.publicFaces.includes(path.basename(e.to)));
}

/** A set of modules that all reach each other (a strongly connected component), and one loop through them. */
export interface Cycle {
  modules: string[];
  loop: string[];
}

/**
 * The module-level cycles, one per strongly connected component of more than one module (every
 * elementary cycle would be too many to print): its members and a shortest loop through them.
 */
export function findCycles(edges: Map<string, Set<string>>): Cycle[] {
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) components.push(comp.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return components.map((modules) => ({ modules, loop: loopThrough(modules, edges) })).sort((a, b) => a.modules[0]!.localeCompare(b.modules[0]!));
}

/** A shortest loop from the component's first module back to itself, staying inside it. */
function loopThrough(comp: string[], edges: Map<string, Set<string>>): string[] {
  const inside = new Set(comp);
  const start = comp[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(prev.get(loop[0]!)!);
        return [...loop, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...comp, start];
}

/** The cycle's members, one loop, and the file-level imports behind every edge inside it. */
export function explainCycle(graph: ModuleGraph, cycle: Cycle): string {
  const inside = new Set(cycle.modules);
  const lines = [`{${cycle.modules.join(', ')}}: ${cycle.loop.join(' -> ')}`];
  for (const from of cycle.modules) {
    for (const to of [...(graph.edges.get(from) ?? [])].sort()) {
      if (!inside.has(to)) continue;
      const step = graph.imports.filter((e) => e.fromModule === from && e.toModule === to);
      const files = step.slice(0, 3).map((e) => `${e.from} imports ${e.to}`);
      lines.push(`  ${from} -> ${to}: ${files.join('; ')}${step.length > 3 ? ` (+${step.length - 3} more)` : ''}`);
    }
  }
  return lines.join('\n');
}

// `npx tsx scripts/lib/module-graph.ts`: print the figures (cycles, imports of internals) for both roots.
if (import.meta.url === `file://${process.argv[1]}`) {
  const repo = process.cwd();
  for (const root of [SERVER_MODULES, WEB_FEATURES]) {
    const graph = buildModuleGraph(repo, root);
    const internal = internalImports(graph);
    const cycles = findCycles(graph.edges);
    console.log(`${root.dir}: ${graph.modules.length} modules, ${graph.imports.length} cross-module imports, ${internal.length} into internals, ${cycles.length} cycles`);
    for (const c of cycles) console.log(explainCycle(graph, c).replace(/^/gm, '  '));
    if (process.argv.includes('--internal')) for (const e of internal) console.log(`  ${e.from} -> ${e.to}`);
  }
}

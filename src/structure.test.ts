// The walls that keep the shape (src/server/README.md): no module-level import cycle among the
// server's modules nor among the SPA's features, a lint rule that refuses another module's
// internals, and buildServices loading nothing of HTTP (so the dispatcher never builds the app).
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import walls from '../eslint/walls.js';
import { buildModuleGraph, explainCycle, findCycles, runtimeClosure, SERVER_MODULES, WEB_FEATURES, type ModuleRoot } from '../scripts/lib/module-graph.js';

const repo = path.resolve(import.meta.dirname, '..');

describe.each([SERVER_MODULES, WEB_FEATURES])('module-level imports under $dir', (root: ModuleRoot) => {
  const graph = buildModuleGraph(repo, root);
  const cycles = findCycles(graph.edges);

  it('form no cycle', () => {
    expect(cycles.map((c) => explainCycle(graph, c)).join('\n\n'), 'module-level import cycles (each with the imports behind it)').toBe('');
  });
});

describe('buildServices', () => {
  it('loads nothing of HTTP: no Fastify, no app.ts, no ws.ts (routes are imported when buildApp registers them)', () => {
    const { files, packages } = runtimeClosure(repo, 'src/server/services.ts');
    expect([...packages].filter((p) => /(^|\/)fastify|^@fastify\//.test(p))).toEqual([]);
    expect([...files].filter((f) => ['src/server/app.ts', 'src/server/ws.ts'].includes(f) || /routes\.ts$/.test(f))).toEqual([]);
  });
});

describe('the walls lint rule', () => {
  const linter = new Linter({ cwd: repo });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { walls },
      rules: { 'walls/public-face': ['error', { root: 'src/server/modules', publicFaces: ['index.ts'], allowInternal: ['legacy'] }] },
    },
  ] as Linter.Config[];
  const lint = (file: string, code: string) => linter.verify(code, config, { filename: path.join(repo, file) }).map((m) => m.message);

  it('refuses another module internals, from a module or from outside the modules, however imported', () => {
    expect(lint('src/server/modules/today/service.ts', "import type { ClientService } from '../clients/service.js';")).toEqual([
      "'../clients/service.js' reaches into module 'clients' (service); import its public face (index.ts) instead.",
    ]);
    expect(lint('src/server/app.ts', "export { x } from './modules/clients/repo.js'; const m = import('./modules/calls/routes.js');")).toHaveLength(2);
    expect(lint('scripts/backup.ts', "import { BackupService } from '../src/server/modules/backups/service.js';")).toHaveLength(1);
    // A deeper index.ts is still an internal.
    expect(lint('src/server/app.ts', "import { x } from './modules/calls/sub/index.js';")).toHaveLength(1);
  });

  it('lets a module import its own files (tests too), other modules public faces, and files beside the modules', () => {
    expect(lint('src/server/modules/clients/clients.test.ts', "import { x } from './repo.js'; import { y } from '../scheduling/index.js';")).toEqual([]);
    expect(lint('src/server/services.ts', "import { clientsModule } from './modules/clients/index.js'; import type { ServiceRegistry } from './modules/contract.js';")).toEqual([]);
    expect(lint('src/server/modules/today/service.ts', "import { x } from '../legacy/anything.js';")).toEqual([]);
  });

  it("refuses a module's import of its own public face", () => {
    expect(lint('src/server/modules/clients/service.ts', "import { clientsModule } from './index.js';")).toEqual([
      "'./index.js' imports this module's own public face; import the file it re-exports directly.",
    ]);
  });
});

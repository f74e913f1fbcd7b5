// The module contract (src/server/README.md). A module says, in its index.ts, what it is called,
// which other modules' services it needs, how it builds its own service from them, and which routes
// and outbox consumers it adds. `buildServices` (services.ts) resolves every definition in
// dependency order, without HTTP; `buildApp` (app.ts) then registers each module's routes.
//
// Needs are typed against `ServiceRegistry`, which every module's index.ts extends with its own
// entry (declaration merging), so `build` receives typed services and a module never imports
// another module just to name a need.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { ServiceDeps } from '../services.js';
import type { Worker } from '../jobs/index.js';
import type { Consumer } from './outbox/index.js';

/**
 * Every module's service, by its definition's name. Each module adds its entry in its index.ts:
 * `declare module '../contract.js' { interface ServiceRegistry { clients: ClientService } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ServiceRegistry {}

export type ModuleName = keyof ServiceRegistry;

/** What `build` is handed besides its needs: the shared context and the adapters given to buildServices. */
export interface ModuleContext extends AppContext {
  deps: ServiceDeps;
}

/** The services named in `needs`, typed. */
export type Needs<N extends readonly ModuleName[]> = Pick<ServiceRegistry, N[number]>;

export interface ModuleDefinition<Name extends ModuleName, BuildNeeds extends readonly ModuleName[], RouteNeeds extends readonly ModuleName[]> {
  name: Name;
  /** Built before this module; a missing one or a cycle fails buildServices, naming the modules. */
  needs: BuildNeeds;
  build(ctx: ModuleContext, needs: Needs<BuildNeeds>): ServiceRegistry[Name] | Promise<ServiceRegistry[Name]>;
  /**
   * Services the routes use besides the module's own and its build needs. Routes are registered
   * once every service is built, so these add no build order (and may point back at a module that
   * needs this one). They must still exist: a missing one fails buildServices.
   */
  routeNeeds?: RouteNeeds;
  /** Its HTTP routes (validate, call the service); registered by buildApp, in the order of services.ts's list. */
  routes?(app: FastifyInstance, service: ServiceRegistry[Name], needs: Needs<BuildNeeds | RouteNeeds>, ctx: ModuleContext): void | Promise<void>;
  /** Its outbox consumers, registered with the pump once every service is built. */
  consumers?(service: ServiceRegistry[Name], needs: Needs<BuildNeeds>, ctx: ModuleContext): Consumer[];
  /** Its background work (its workers.ts), registered with the one worker registry (jobs/registry.ts) by process role. */
  workers?(service: ServiceRegistry[Name], needs: Needs<BuildNeeds>, ctx: ModuleContext): Worker[];
}

/** Any definition, as services.ts lists them. */
// Method parameters are checked bivariantly, so every concrete definition is assignable here.
export type AnyModuleDefinition = ModuleDefinition<ModuleName, readonly ModuleName[], readonly ModuleName[]>;

/**
 * Declares a module. `needs` (and `routeNeeds`) are checked against ServiceRegistry at compile
 * time, and `build`'s second argument holds exactly those services:
 *
 *     export const clientsModule = defineModule({
 *       name: 'clients',
 *       needs: ['practices', 'unreadMessages'],
 *       build: (ctx, { practices, unreadMessages }) => new ClientService(ctx, practices, unreadMessages),
 *       routes: (app, clients, { practices }) => clientRoutes(app, clients, practices),
 *     });
 */
export function defineModule<const Name extends ModuleName, const BuildNeeds extends readonly ModuleName[] = [], const RouteNeeds extends readonly ModuleName[] = []>(
  def: ModuleDefinition<Name, BuildNeeds, RouteNeeds>,
): ModuleDefinition<Name, BuildNeeds, RouteNeeds> {
  return def;
}

/**
 * The definitions in an order where each comes after everything it needs (stable: otherwise the
 * order given). Throws, naming the modules, on a duplicate name, a need no definition provides,
 * or a cycle of needs.
 */
export function resolveOrder<D extends AnyModuleDefinition>(defs: readonly D[]): D[] {
  const byName = new Map<string, D>();
  for (const d of defs) {
    if (byName.has(d.name)) throw new Error(`module "${d.name}" is defined twice`);
    byName.set(d.name, d);
  }
  for (const d of defs) {
    for (const need of [...d.needs, ...(d.routeNeeds ?? [])]) {
      if (!byName.has(need)) throw new Error(`module "${d.name}" needs "${need}", which no module defines`);
    }
  }
  const order: D[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: D, path: string[]) => {
    const s = state.get(d.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const loop = [...path.slice(path.indexOf(d.name)), d.name];
      throw new Error(`modules need each other in a cycle: ${loop.join(' -> ')}`);
    }
    state.set(d.name, 'visiting');
    for (const need of d.needs) visit(byName.get(need)!, [...path, d.name]);
    state.set(d.name, 'done');
    order.push(d);
  };
  for (const d of defs) visit(d, []);
  return order;
}

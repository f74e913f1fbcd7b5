// The module contract's resolution: build order from needs, and start-up failures that name the modules.
import { describe, expect, it } from 'vitest';
import { MODULES } from '../services.js';
import { resolveOrder, type AnyModuleDefinition } from './contract.js';

const def = (name: string, needs: string[], routeNeeds: string[] = []) => ({ name, needs, routeNeeds, build: () => ({}) }) as unknown as AnyModuleDefinition;

describe('resolveOrder', () => {
  it('puts every module after what it needs, keeping the given order otherwise', () => {
    const order = resolveOrder([def('a', ['c']), def('b', []), def('c', ['b']), def('d', [], ['a'])]).map((d) => d.name as string);
    expect(order).toEqual(['b', 'c', 'a', 'd']);
  });

  it('orders the real modules so that each is built after its needs, and every need and route need exists', () => {
    const order = resolveOrder(MODULES);
    const seen = new Set<string>();
    for (const d of order) {
      for (const n of d.needs) expect(seen.has(n), `${d.name} needs ${n}`).toBe(true);
      seen.add(d.name);
    }
    expect(order).toHaveLength(MODULES.length);
  });

  it('fails at start-up on a need nobody provides, naming both', () => {
    expect(() => resolveOrder([def('a', ['b'])])).toThrow('module "a" needs "b", which no module defines');
    expect(() => resolveOrder([def('a', [], ['ghost'])])).toThrow('module "a" needs "ghost", which no module defines');
  });

  it('fails at start-up on a cycle of needs, naming the loop', () => {
    expect(() => resolveOrder([def('a', ['b']), def('b', ['c']), def('c', ['a'])])).toThrow('modules need each other in a cycle: a -> b -> c -> a');
  });

  it('fails on a name defined twice', () => {
    expect(() => resolveOrder([def('a', []), def('a', [])])).toThrow('module "a" is defined twice');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to local SQLite under ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.database).toMatchObject({ dialect: 'sqlite' });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.cookieSecure).toBe(false);
    expect(c.seedDemo).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses PostgreSQL for a postgres:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db', ssl: false });
  });

  it('names the bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_IDLE_SECONDS: '3600' })).toThrow(/SESSION_IDLE_SECONDS/);
  });

  const prod = { NODE_ENV: 'production', PUBLIC_URL: 'https://hearth.example', TRUST_PROXY: 'true', MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };

  it('starts in production with TLS terminated by a trusted proxy and a supplied key', () => {
    const c = loadConfig(prod);
    expect(c.cookieSecure).toBe(true);
    expect(c.seedDemo).toBe(false);
  });

  it.each([
    ['without TLS or a trusted proxy', { TRUST_PROXY: undefined }, /TLS_CERT_FILE/],
    ['without a master key', { MASTER_KEY: undefined }, /MASTER_KEY/],
    ['with demo seeding', { SEED_DEMO: 'true' }, /SEED_DEMO/],
    ['on plain http', { PUBLIC_URL: 'http://hearth.example' }, /https/],
    ['with a master key file that does not exist', { MASTER_KEY: undefined, MASTER_KEY_FILE: '/nonexistent/key' }, /does not exist/],
  ])('refuses production %s', (_name, patch, message) => {
    expect(() => loadConfig({ ...prod, ...patch })).toThrow(ConfigError);
    expect(() => loadConfig({ ...prod, ...patch })).toThrow(message);
  });
});

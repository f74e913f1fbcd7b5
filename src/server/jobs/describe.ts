// How background work logs an error: its class and code, never its message (which may quote PHI,
// addresses or SQL values).
export function describeError(err: unknown): { type: string; code?: string } {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}) };
}

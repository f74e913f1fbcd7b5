// Imported first by main.tsx, before any schema is built: zod probes `new Function` to decide on
// JIT, and the CSP (script-src 'self') forbids it, so say no up front.
import { z } from 'zod';

z.config({ jitless: true });

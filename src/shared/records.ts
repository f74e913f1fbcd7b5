// Contracts shared by every clinical-record module: supervision (who co-signs a pre-licensed
// clinician's notes). Notes, forms, measures and plans have their own files; typed fields are in fields.ts.
import { z } from 'zod';
import { id } from './strings.js';

export const Supervision = z.object({ items: z.array(z.object({ clinicianId: z.string(), supervisorId: z.string() })) });
export type Supervision = z.infer<typeof Supervision>;
export const SupervisionParams = z.object({ clinicianId: id });
export const SetSupervisor = z.strictObject({ supervisorId: id.nullable() });

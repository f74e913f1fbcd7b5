// Supervision: which pre-licensed clinician's notes wait for which supervisor's co-signature.
import type { FastifyInstance } from 'fastify';
import { SetSupervisor, Supervision, SupervisionParams } from '../../../shared/records.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { RecordAccess } from './access.js';

export function recordRoutes(app: FastifyInstance, access: RecordAccess) {
  const route = routesOf(app, ['records']);
  route.get('/api/practice/supervision', { access: 'practice.users.read', summary: "Pre-licensed clinicians and the supervisor who co-signs each one's notes", response: Supervision }, async (req) =>
    access.supervision(sessionOf(req)),
  );
  route.put('/api/practice/supervision/:clinicianId', { access: 'practice.users.write', summary: "Name or clear (null) a pre-licensed clinician's supervisor (audited)", params: SupervisionParams, body: SetSupervisor, response: Supervision }, async (req) =>
    access.setSupervisor(sessionOf(req), req.params.clinicianId, req.body.supervisorId, req.meta),
  );
}

// The practice's diagnosis code list and the ICD-10-CM search: billing staff and the owner write;
// providers, billing, front desk and compliance read (codes on a list are not tied to a client).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DiagnosisCode, DiagnosisCodeInput } from '../../../shared/billing.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { DiagnosisCodes } from './diagnoses.js';

const CodeParams = z.strictObject({ code: z.string().min(1).max(16) });
const Icd10Search = z.strictObject({ q: z.string().max(100, { message: 'q must be at most 100 characters' }) });
const Icd10Hit = DiagnosisCode.extend({ billable: z.boolean() });

export function diagnosisRoutes(app: FastifyInstance, codes: DiagnosisCodes) {
  const route = routesOf(app, ['billing']);

  route.get('/api/billing/diagnosis-codes', { access: 'invoices.read', summary: "The practice's ICD-10-CM diagnosis codes, by code", response: z.object({ items: z.array(DiagnosisCode) }) }, async (req) =>
    codes.list(sessionOf(req)),
  );

  route.post(
    '/api/billing/diagnosis-codes',
    {
      access: 'billing.write',
      summary: "Add a diagnosis code to the practice's list (or reword it); the description comes from the imported ICD-10-CM file when the code is there, else it is required (audited)",
      body: DiagnosisCodeInput,
      status: 201,
      response: DiagnosisCode,
    },
    async (req) => (await codes.put(sessionOf(req), req.body, req.meta)).code,
  );

  route.delete('/api/billing/diagnosis-codes/:code', { access: 'billing.write', summary: "Remove a code from the practice's list (audited)", params: CodeParams, status: 204 }, async (req) =>
    codes.remove(sessionOf(req), req.params.code, req.meta),
  );

  route.get(
    '/api/billing/icd10',
    { access: 'invoices.read', summary: 'Search the imported ICD-10-CM codes: a code prefix (F32) or words of the description; at most 20, billable codes first', querystring: Icd10Search, response: z.object({ items: z.array(Icd10Hit) }) },
    async (req) => codes.search(req.query.q),
  );
}

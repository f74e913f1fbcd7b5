// The practice's own list of ICD-10-CM diagnosis codes (the codes it bills with, in its words or
// CMS's), and search of the imported CMS code file. Codes are format-checked (shared/billing-codes);
// a code not in the imported file needs the practice's own description. Changes are audited.
import type { AppContext, RequestMeta } from '../../context.js';
import { invalid, notFound } from '../../errors.js';
import { isIcd10Code, normaliseIcd10 } from '../../../shared/billing-codes.js';
import type { DiagnosisCode } from '../../../shared/billing.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import * as repo from './diagnoses-repo.js';
import { diagnosisDescriptions, hasDiagnosisLists } from './repo.js';

export const ICD10_SEARCH_LIMIT = 20;

/** A search text as a code prefix ("f32", "F32.", "F329") and/or description words (letters and digits only). */
export function icd10Query(q: string): { codePrefix: string | null; words: string[] } {
  const t = q.trim();
  const compact = t.toUpperCase().replace(/\s+/g, '');
  const codePrefix = /^[A-Z][0-9][0-9A-Z]?\.?[0-9A-Z]{0,4}$/.test(compact) ? (compact.length > 3 ? normaliseIcd10(compact.replace('.', '')) : compact).replace(/\.$/, '') : null;
  const words = t
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter((w) => w.length >= 2)
    .slice(0, 6);
  return { codePrefix, words };
}

export class DiagnosisCodes {
  constructor(private readonly ctx: AppContext) {}

  async list(s: ResolvedSession): Promise<{ items: DiagnosisCode[] }> {
    return { items: await repo.practiceCodes(this.ctx.db, s.user.practiceId) };
  }

  /** Adds a code (or rewords one on the list). The imported CMS description is used when there is one; otherwise `description` is required. */
  async put(s: ResolvedSession, input: { code: string; description?: string | undefined }, meta: RequestMeta): Promise<{ code: DiagnosisCode; created: boolean }> {
    const code = normaliseIcd10(input.code);
    if (!isIcd10Code(code)) throw invalid('code', 'must be an ICD-10-CM code (e.g. F32.9)');
    const cms = await repo.findIcd10(this.ctx.db, code);
    const description = input.description?.trim() || cms?.description;
    if (!description) throw invalid('description', `is required: ${code} is not in the imported ICD-10-CM code file, so give its description`);
    const created = await repo.putPracticeCode(this.ctx.db, s.user.practiceId, code, description, this.ctx.clock.now());
    await this.ctx.audit.record({ ...byStaff(s, meta), action: created ? 'create' : 'update', resource: { type: 'diagnosis_code', id: code }, outcome: 'success' });
    return { code: { code, description }, created };
  }

  async remove(s: ResolvedSession, rawCode: string, meta: RequestMeta): Promise<void> {
    const code = normaliseIcd10(rawCode);
    if (!(await repo.deletePracticeCode(this.ctx.db, s.user.practiceId, code))) throw notFound('Diagnosis code');
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'delete', resource: { type: 'diagnosis_code', id: code }, outcome: 'success' });
  }

  /**
   * For other modules (treatment plans): each of these codes that is on the practice's list or in the
   * imported CMS file, with its description (the practice's wording first). `checked` is false when
   * the practice has no list and no file was imported (any well-formed code is then accepted).
   */
  async describe(practiceId: string, codes: readonly string[]): Promise<{ checked: boolean; known: Map<string, string> }> {
    const [checked, known] = await Promise.all([hasDiagnosisLists(this.ctx.db, practiceId), diagnosisDescriptions(this.ctx.db, practiceId, codes)]);
    return { checked, known };
  }

  /** Imported CMS codes matching a code prefix or every word of the description (not PHI: not audited). */
  async search(q: string): Promise<{ items: (DiagnosisCode & { billable: boolean })[] }> {
    const query = icd10Query(q);
    if (!query.codePrefix && !query.words.length) return { items: [] };
    const rows = await repo.searchIcd10(this.ctx.db, query, ICD10_SEARCH_LIMIT);
    return { items: rows.map((r) => ({ code: r.code, description: r.description, billable: Number(r.billable) === 1 })) };
  }
}

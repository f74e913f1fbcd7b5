// The forms' section of a client's record export: completed forms with their answers, wording
// version and signing record (audited as an export of each). A role that does not read clinical
// content gets the section withheld, never the answers.
import type { RequestMeta } from '../../context.js';
import { answerText } from '../../../shared/fields.js';
import type { FormRequestDetail } from '../../../shared/forms.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import { withheldSection, type ExportSection } from '../clients/index.js';

const TITLE = 'Intake and consent forms';

export function formsExportSection(forms: FormRequestDetail[]): ExportSection {
  return {
    title: TITLE,
    // The drawn signature stays out of the JSON (the signing record says who signed, when and from where).
    items: forms.map((f) => ({ ...f, answers: Object.fromEntries(f.fields.map((d) => [d.key, d.kind === 'signature' ? answerText(d, f.answers[d.key]) : f.answers[d.key]]).filter(([, v]) => v !== undefined)) })),
    printable: forms.map((f) => ({
      heading: `${f.name} · version ${f.version} · signed ${f.signing ? `by ${f.signing.typedName} ${f.signing.signedAt} from ${f.signing.ip}` : '—'}${f.integrity === 'tampered' ? ' · INTEGRITY CHECK FAILED' : ''}`,
      lines: f.fields.map((d) => `${d.label}: ${answerText(d, f.answers[d.key])}`),
    })),
  };
}

export const withheldForms = (): ExportSection => withheldSection(TITLE);

export const exportAudit = (s: ResolvedSession, meta: RequestMeta, id: string, clientId: string) => ({ ...byStaff(s, meta), action: 'export' as const, resource: { type: 'form_request', id }, outcome: 'success' as const, details: { clientId } });

// The built-in note templates (SOAP, DAP, BIRP) with their published sections, each a multiline
// text field, plus a risk assessment choice. A practice's own templates are rows of note_templates.
import type { FieldDef, FieldList } from '../../../shared/fields.js';
import type { NoteKind, NoteTemplate } from '../../../shared/notes.js';

const section = (key: string, label: string, help: string): FieldDef => ({ key, label, help, kind: 'text', required: true, multiline: true, maxLength: 20_000 });

const RISK: FieldDef = {
  key: 'risk',
  label: 'Risk assessment',
  kind: 'choice',
  required: false,
  multiple: false,
  options: [
    { value: 'none', label: 'No risk identified' },
    { value: 'low', label: 'Low' },
    { value: 'moderate', label: 'Moderate' },
    { value: 'high', label: 'High' },
  ],
};

const BOTH: NoteKind[] = ['progress', 'psychotherapy'];
/** Built-in templates have no creation time of their own: the epoch, so they sort first. */
const EPOCH = new Date(0).toISOString();

export const BUILT_IN_TEMPLATES: readonly NoteTemplate[] = [
  {
    id: 'soap',
    name: 'SOAP',
    builtIn: true,
    kinds: BOTH,
    createdAt: EPOCH,
    fields: [
      section('subjective', 'Subjective', "The client's own account: concerns, symptoms, mood, what has happened since the last session."),
      section('objective', 'Objective', 'What the clinician observed: appearance, affect, behaviour, test results.'),
      section('assessment', 'Assessment', 'The clinical impression: progress toward goals, diagnosis considerations.'),
      section('plan', 'Plan', 'Next steps: interventions, homework, referrals, the next session.'),
      RISK,
    ],
  },
  {
    id: 'dap',
    name: 'DAP',
    builtIn: true,
    kinds: BOTH,
    createdAt: EPOCH,
    fields: [
      section('data', 'Data', 'What the client said and what was observed in the session.'),
      section('assessment', 'Assessment', 'The clinical interpretation of the data.'),
      section('plan', 'Plan', 'Next steps and the next session.'),
      RISK,
    ],
  },
  {
    id: 'birp',
    name: 'BIRP',
    builtIn: true,
    kinds: BOTH,
    createdAt: EPOCH,
    fields: [
      section('behavior', 'Behavior', "The client's presentation and behaviour; the problem addressed."),
      section('intervention', 'Intervention', 'What the clinician did: techniques and methods used.'),
      section('response', 'Response', 'How the client responded to the intervention.'),
      section('plan', 'Plan', 'Next steps and the next session.'),
      RISK,
    ],
  },
];

export function builtInTemplate(id: string): NoteTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}

export type { FieldList };

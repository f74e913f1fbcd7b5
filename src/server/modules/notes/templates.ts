// The built-in note templates (SOAP, DAP, BIRP) with their published sections, each a multiline
// text field, plus a risk assessment choice. A practice's own templates are rows of note_templates.
import type { FieldDef } from '../../../shared/fields.js';
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

/** A built-in template: its published sections (each a required multiline text), then the risk assessment. */
const builtIn = (id: string, name: string, sections: readonly (readonly [key: string, label: string, help: string])[]): NoteTemplate => ({
  id,
  name,
  builtIn: true,
  kinds: BOTH,
  createdAt: EPOCH,
  fields: [...sections.map(([key, label, help]) => section(key, label, help)), RISK],
});

export const BUILT_IN_TEMPLATES: readonly NoteTemplate[] = [
  builtIn('soap', 'SOAP', [
    ['subjective', 'Subjective', "The client's own account: concerns, symptoms, mood, what has happened since the last session."],
    ['objective', 'Objective', 'What the clinician observed: appearance, affect, behaviour, test results.'],
    ['assessment', 'Assessment', 'The clinical impression: progress toward goals, diagnosis considerations.'],
    ['plan', 'Plan', 'Next steps: interventions, homework, referrals, the next session.'],
  ]),
  builtIn('dap', 'DAP', [
    ['data', 'Data', 'What the client said and what was observed in the session.'],
    ['assessment', 'Assessment', 'The clinical interpretation of the data.'],
    ['plan', 'Plan', 'Next steps and the next session.'],
  ]),
  builtIn('birp', 'BIRP', [
    ['behavior', 'Behavior', "The client's presentation and behaviour; the problem addressed."],
    ['intervention', 'Intervention', 'What the clinician did: techniques and methods used.'],
    ['response', 'Response', 'How the client responded to the intervention.'],
    ['plan', 'Plan', 'Next steps and the next session.'],
  ]),
];

export function builtInTemplate(id: string): NoteTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}


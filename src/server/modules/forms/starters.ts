// Built-in starter forms, seeded into a practice's own templates the first time its form list is
// read (GET /api/form-templates), so each practice can edit them like its own (a change is a new
// version) and every request points at a real row. Seeded once per practice and key (a unique
// index on practice, starter key and version), never with `sendOnFirstBooking`: a practice turns
// automatic sending on by saving a version with it set, so nothing is mailed to clients that the
// practice did not choose. The wording is plain and general: a practice should have it reviewed.
import type { FieldDef } from '../../../shared/fields.js';
import type { FormKind } from '../../../shared/forms.js';

export interface Starter {
  key: string;
  name: string;
  kind: FormKind;
  wording: string | null;
  fields: FieldDef[];
}

const TELEHEALTH_WORDING = `## Consent to telehealth

Telehealth means meeting with your clinician by secure video or telephone instead of in the same room.

- **Privacy.** Sessions use an encrypted connection and are not recorded. Please join from a private place where you will not be overheard. Your clinician will do the same.
- **Technology.** A connection can fail. If it drops, your clinician will try to reconnect, then call you at the number in your record.
- **Safety.** At the start of each session your clinician may ask where you are, so that help can be sent in an emergency. If you are in crisis, call or text 988, or 911 in an emergency.
- **Limits.** Some concerns are better met in person. Your clinician may recommend that, and may refer you elsewhere.
- **Your choice.** You may stop using telehealth at any time and ask about other options. The same confidentiality rules apply as for in-person care.

By signing you say you have read this, had the chance to ask questions, and agree to receive care by telehealth.`;

export const STARTERS: readonly Starter[] = [
  {
    key: 'telehealth_consent',
    name: 'Telehealth consent',
    kind: 'telehealth_consent',
    wording: TELEHEALTH_WORDING,
    fields: [
      { key: 'agree', kind: 'checkbox', label: 'I have read and agree to receive care by telehealth', required: true },
      { key: 'signature', kind: 'signature', label: 'Signature', required: true },
    ],
  },
  {
    key: 'intake',
    name: 'Intake questionnaire',
    kind: 'intake',
    wording: null,
    fields: [
      { key: 'reason', kind: 'text', label: 'What brings you to therapy now?', required: true, multiline: true, maxLength: 5000 },
      { key: 'goals', kind: 'text', label: 'What would you like to be different?', required: false, multiline: true, maxLength: 5000 },
      {
        key: 'prior_therapy',
        kind: 'choice',
        label: 'Have you been in therapy before?',
        required: true,
        multiple: false,
        options: [
          { value: 'no', label: 'No' },
          { value: 'yes_helpful', label: 'Yes, and it helped' },
          { value: 'yes_not_helpful', label: 'Yes, and it did not help much' },
        ],
      },
      { key: 'medications', kind: 'text', label: 'Medications you take now (name and dose)', required: false, multiline: true, maxLength: 2000 },
      { key: 'mood', kind: 'scale', label: 'How has your mood been over the past two weeks?', required: false, min: 0, max: 10, minLabel: 'Very low', maxLabel: 'Very good' },
      { key: 'emergency_contact', kind: 'text', label: 'Emergency contact (name and phone)', required: true, multiline: false, maxLength: 300 },
      { key: 'signature', kind: 'signature', label: 'Signature', required: true },
    ],
  },
];

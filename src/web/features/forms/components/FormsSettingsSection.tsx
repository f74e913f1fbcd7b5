// "Forms" in the practice settings: the practice's intake and consent forms (the current version of
// each), which go out automatically with a new client's first booking, and creating or editing one
// (an edit saves a new version: forms already sent keep the wording the client saw).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { FormTemplate } from '../../../../shared/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { useFormTemplates } from '../api/staff.js';
import { KIND_LABELS, shortDate } from '../model/labels.js';
import { FormEditor } from './FormEditor.js';
import './forms.css';

/** The newest version of each form family, by name. */
export const currentTemplates = (items: readonly FormTemplate[]) => items.filter((t) => t.current).sort((a, b) => a.name.localeCompare(b.name));

export function FormsSettingsSection() {
  const me = useMe();
  const perms = me.data?.permissions ?? [];
  const canRead = perms.includes('forms.send') || perms.includes('records.templates.write');
  const canWrite = perms.includes('records.templates.write');
  const templates = useFormTemplates(canRead);
  const [editing, setEditing] = useState<FormTemplate | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!me.data || !canRead) return null;
  return (
    <section aria-labelledby="forms-settings-h" className="card" data-testid="forms-settings">
      <h2 id="forms-settings-h">Forms</h2>
      <p className="field-description">Intake questionnaires and consent documents your clients fill in and sign in the portal. Changing a form saves a new version; forms already sent keep the version the client saw.</p>
      <p role="status" className={notice ? 'notice' : undefined} data-testid="forms-settings-notice">
        {notice}
      </p>
      {editing ? (
        <FormEditor
          template={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setNotice(`“${name}” saved.`);
          }}
        />
      ) : (
        <QueryState query={templates} what="the practice's forms" testId="form-templates">
          {(d) => (
            <>
              {currentTemplates(d.items).length ? (
                <ul className="rows form-template-list" data-testid="form-template-list">
                  {currentTemplates(d.items).map((t) => (
                    <li key={t.id} data-testid="form-template" data-template-id={t.id} data-name={t.name}>
                      <span>
                        <strong>{t.name}</strong>
                        <span className="muted">
                          {' '}
                          · {KIND_LABELS[t.kind]} · version {t.version} of {shortDate(t.createdAt)}
                        </span>
                        {t.sendOnFirstBooking ? <span className="form-auto-badge">Sent with first booking</span> : null}
                      </span>
                      {canWrite ? (
                        <Button
                          className="btn small"
                          onPress={() => {
                            setNotice(null);
                            setEditing(t);
                          }}
                          data-testid="form-template-edit"
                        >
                          Edit<span className="visually-hidden">{` ${t.name}`}</span>
                        </Button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">No forms yet.</p>
              )}
              {canWrite ? (
                <Button
                  className="btn primary"
                  onPress={() => {
                    setNotice(null);
                    setEditing('new');
                  }}
                  data-testid="form-template-new"
                >
                  New form
                </Button>
              ) : null}
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

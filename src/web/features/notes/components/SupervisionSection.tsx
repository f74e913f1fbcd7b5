// Practice settings → Supervision: for each provider, the supervisor who co-signs their notes (a
// pre-licensed clinician's signed note waits for that co-signature). The owner sets it; everyone
// who reads the people list sees it.
import { useState } from 'react';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useMe } from '../../../session/useMe.js';
import { useProviders, useSetSupervisor, useSupervision } from '../api/notes.js';
import './notes.css';

const NONE = 'none';

export function SupervisionSection() {
  const me = useMe();
  const canRead = me.data?.permissions.includes('practice.users.read') ?? false;
  const canWrite = me.data?.permissions.includes('practice.users.write') ?? false;
  const supervision = useSupervision();
  const providers = useProviders();
  const set = useSetSupervisor();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (!canRead) return null;
  return (
    <section aria-labelledby="supervision-h" className="card" data-testid="supervision">
      <h2 id="supervision-h">Supervision</h2>
      <p className="field-description">A pre-licensed clinician's signed notes wait for their supervisor's co-signature. Choose “No supervisor” for a licensed clinician.</p>
      {notice ? (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'notice' : 'error-summary'} data-testid="supervision-notice">
          {notice.text}
        </p>
      ) : null}
      <QueryState query={providers} what="providers" testId="supervision-providers">
        {(p) => (
          <QueryState query={supervision} what="supervision" testId="supervision-list">
            {(sup) => (
              <ul className="supervision-list">
                {p.providers.map((clinician) => {
                  const current = sup.items.find((x) => x.clinicianId === clinician.id)?.supervisorId ?? NONE;
                  const options = [{ id: NONE, label: 'No supervisor' }, ...p.providers.filter((x) => x.id !== clinician.id).map((x) => ({ id: x.id, label: x.name }))];
                  return (
                    <li key={clinician.id} data-testid="supervision-row" data-clinician-id={clinician.id}>
                      {canWrite ? (
                        <SelectField
                          name={`supervisor-${clinician.id}`}
                          label={`${clinician.name}: notes co-signed by`}
                          value={current}
                          options={options}
                          testId={`supervisor-${clinician.id}`}
                          onChange={(v) => {
                            setNotice(null);
                            set(clinician.id, v === NONE ? null : v).then(
                              () => setNotice({ ok: true, text: v === NONE ? `${clinician.name}'s notes no longer need a co-signature.` : `${clinician.name}'s notes now wait for ${options.find((o) => o.id === v)?.label ?? ''}'s co-signature.` }),
                              (e: unknown) => setNotice({ ok: false, text: e instanceof Error ? e.message : 'Could not save the supervisor' }),
                            );
                          }}
                        />
                      ) : (
                        <p>
                          <strong>{clinician.name}</strong>: {current === NONE ? 'no supervisor' : `co-signed by ${options.find((o) => o.id === current)?.label ?? 'a former colleague'}`}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </QueryState>
        )}
      </QueryState>
    </section>
  );
}

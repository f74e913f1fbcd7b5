// Choosing a client by name: type a few letters, pick from the first matches. Used by the
// invoice list's client filter and by "New invoice".
import { useState } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useClientSearch } from '../api/clientBilling.js';

export interface PickedClient {
  id: string;
  name: string;
}

export function ClientPicker({ label, picked, onPick, testId, description }: { label: string; picked: PickedClient | null; onPick: (c: PickedClient | null) => void; testId: string; description?: string }) {
  const [q, setQ] = useState('');
  const found = useClientSearch(picked ? '' : q);
  if (picked) {
    return (
      <div className="field client-picked" data-testid={`${testId}-picked`} data-client-id={picked.id}>
        <span className="field-label">{label}</span>
        <span className="client-picked-row">
          <strong>{picked.name}</strong>
          <Button className="btn small" onPress={() => onPick(null)} data-testid={`${testId}-change`} aria-label={`Change ${label.toLowerCase()} (now ${picked.name})`}>
            Change
          </Button>
        </span>
      </div>
    );
  }
  const items = found.data?.items ?? [];
  return (
    <div className="client-picker">
      <SearchField className="field search-field" value={q} onChange={setQ} aria-describedby={description ? `${testId}-desc` : undefined}>
        <Label>{label}</Label>
        <Input data-testid={testId} placeholder="Type a name" autoComplete="off" />
      </SearchField>
      {description ? (
        <p id={`${testId}-desc`} className="field-description">
          {description}
        </p>
      ) : null}
      {q.trim() ? (
        <div role="status" className="picker-results" data-testid={`${testId}-results`}>
          {found.isError ? (
            <p className="field-error">Couldn’t search clients. Try again.</p>
          ) : found.isSuccess ? (
            items.length ? (
              <ul className="rows">
                {items.map((c) => {
                  const name = `${c.firstName} ${c.lastName}`;
                  return (
                    <li key={c.id}>
                      <span>
                        {name} <span className="muted">born {c.dateOfBirth}</span>
                      </span>
                      <Button className="btn small" onPress={() => onPick({ id: c.id, name })} data-testid={`${testId}-choose`} aria-label={`Choose ${name}`}>
                        Choose
                      </Button>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="muted">No client’s name matches “{q.trim()}”.</p>
            )
          ) : (
            <p className="loading">Searching…</p>
          )}
        </div>
      ) : null}
    </div>
  );
}

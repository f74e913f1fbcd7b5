// Find a client by the start of a name (the client list API's search) and pick them. Used by the
// appointment list's client filter and by the booking dialog (several clients for a couple,
// family or group). Only the id leaves this component; names stay on screen.
import { useEffect, useState } from 'react';
import { ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import type { FormErrorsApi } from '../../../components/forms.js';
import { useClientSearch } from '../api/findClients.js';

export interface PickedClient {
  id: string;
  name: string;
}

const DEBOUNCE_MS = 250;

export function ClientPicker({
  name,
  label,
  onPick,
  exclude = [],
  form,
  testId = 'client-picker',
  description,
  placeholder,
}: {
  name: string;
  label: string;
  onPick: (c: PickedClient) => void;
  exclude?: string[];
  form?: FormErrorsApi;
  testId?: string;
  description?: string;
  placeholder?: string;
}) {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [input]);
  const results = useClientSearch(q);
  const items = (results.data?.items ?? [])
    .filter((c) => !exclude.includes(c.id))
    .map((c) => ({ id: c.id, name: `${c.preferredName && c.preferredName !== c.firstName ? c.preferredName : c.firstName} ${c.lastName}`, dob: c.dateOfBirth }));
  const error = form?.errors[name];
  const status = q.length === 0 ? '' : results.isError ? "Couldn't search clients." : results.isFetching ? 'Searching…' : `${items.length} found`;
  return (
    <ComboBox
      className="field combo-field"
      items={items}
      inputValue={input}
      onInputChange={setInput}
      selectedKey={null}
      onSelectionChange={(k) => {
        const c = items.find((i) => i.id === k);
        if (!c) return;
        onPick({ id: c.id, name: c.name });
        setInput('');
        setQ('');
        form?.clear(name);
      }}
      allowsEmptyCollection
      isInvalid={error !== undefined}
      validationBehavior="aria"
      data-testid={testId}
    >
      <Label>{label}</Label>
      <Input data-testid={`${testId}-input`} placeholder={placeholder} />
      <Text slot="description" className="field-description">
        {description ?? 'Type the start of a first, last or preferred name.'} <span aria-live="polite" data-testid={`${testId}-status`}>{status}</span>
      </Text>
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" renderEmptyState={() => <p className="listbox-empty">{q ? (results.isFetching ? 'Searching…' : 'No active client matches.') : 'Type to search.'}</p>}>
          {(c: { id: string; name: string; dob: string }) => (
            <ListBoxItem id={c.id} className="listbox-item" textValue={c.name} data-testid="client-option">
              {c.name} <span className="muted">· born {c.dob}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

// An IANA time-zone picker: a combo box over every zone the browser knows, filtered as one types
// ("Denver", "Seattle", "york", "Los_Angeles"), best matches first (zone-search.ts). The value is
// the zone name; '' means none chosen ("Not set" is offered only while nothing is typed).
import { useMemo, useState } from 'react';
import { Button, ComboBox, Input, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import { allZones, zoneLabel } from '../lib/time.js';
import { FieldLabel, FieldNotes, type FormErrorsApi } from './forms.js';
import { searchZones } from './zone-search.js';

const MAX_SHOWN = 80;
const NONE = 'none';

export function ZoneField({
  name,
  label,
  value,
  onChange,
  form,
  testId,
  description,
  isRequired,
  allowNone,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (zone: string) => void;
  form?: FormErrorsApi;
  testId?: string;
  description?: string;
  isRequired?: boolean;
  /** Offer "Not set" (the empty value). */
  allowNone?: boolean;
}) {
  const [input, setInput] = useState(value ? zoneLabel(value) : '');
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // The value changed from outside (e.g. a default filled in): show it.
    setLastValue(value);
    setInput(value ? zoneLabel(value) : '');
  }
  const options = useMemo(() => {
    const all = allZones();
    // The field still shows the chosen zone (or nothing): every zone, the chosen one first.
    const browsing = input.trim() === '' || (value !== '' && input === zoneLabel(value));
    const shown = browsing ? all.slice(0, MAX_SHOWN) : searchZones(input, all, MAX_SHOWN);
    const list = shown.map((z) => ({ id: z, label: zoneLabel(z) }));
    if (browsing && value && !list.some((o) => o.id === value)) list.unshift({ id: value, label: zoneLabel(value) });
    const noneTyped = /^(not( set)?|none)$/i.test(input.trim());
    return allowNone && (browsing || noneTyped) ? [{ id: NONE, label: 'Not set' }, ...list] : list;
  }, [input, value, allowNone]);
  const error = form?.errors[name];
  return (
    <ComboBox
      className="field combo-field"
      name={name}
      items={options}
      selectedKey={value || (allowNone ? NONE : null)}
      inputValue={input}
      onInputChange={setInput}
      onSelectionChange={(k) => {
        if (k === null) return;
        const z = k === NONE ? '' : String(k);
        onChange(z);
        setInput(z ? zoneLabel(z) : '');
        form?.clear(name);
      }}
      onBlur={() => setInput(value ? zoneLabel(value) : '')}
      menuTrigger="focus"
      isInvalid={error !== undefined}
      isRequired={isRequired}
      validationBehavior="aria"
      data-testid={testId ?? `zone-${name}`}
    >
      <FieldLabel label={label} isRequired={isRequired} />
      <div className="combo-row">
        <Input data-testid={`${testId ?? `zone-${name}`}-input`} />
        <Button className="btn combo-btn" aria-label={`Show ${label.toLowerCase()} choices`}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <FieldNotes description={description} error={error} />
      <Popover className="popover">
        <ListBox className="listbox">
          {(o: { id: string; label: string }) => (
            <ListBoxItem id={o.id} className="listbox-item" textValue={o.label}>
              {o.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

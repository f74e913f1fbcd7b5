// The client panel's documents: a monthly statement and a superbill for a span of months, each a
// PDF download (audited by the server). Months are the reader's own; the superbill's span runs
// from the first day of "From" to the end of "To".
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';

const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The superbill's query for these months in this zone: [first instant of from, first instant after to). */
export function superbillHref(clientId: string, from: string, to: string, zone: string): string | null {
  if (!isMonth(from) || !isMonth(to) || from > to) return null;
  const start = DateTime.fromISO(`${from}-01`, { zone }).startOf('month');
  const end = DateTime.fromISO(`${to}-01`, { zone }).plus({ months: 1 }).startOf('month');
  return `/api/superbills?${new URLSearchParams({ clientId, from: start.toISO()!, to: end.toISO()! }).toString()}`;
}

export function ClientBillingDocuments({ clientId }: { clientId: string }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lastMonth = DateTime.now().setZone(zone).minus({ months: 1 }).toFormat('yyyy-MM');
  const [month, setMonth] = useState(lastMonth);
  const [from, setFrom] = useState(lastMonth);
  const [to, setTo] = useState(lastMonth);
  const superbill = superbillHref(clientId, from, to, zone);
  return (
    <div className="client-billing-docs" data-testid="client-billing-docs">
      <h3>Statements and superbills</h3>
      <div className="doc-row">
        <TextField className="field" value={month} onChange={setMonth} isInvalid={!isMonth(month)}>
          <Label>Statement month</Label>
          <Input type="month" data-testid="statement-month" />
        </TextField>
        {isMonth(month) ? (
          <a className="btn" href={`/api/clients/${encodeURIComponent(clientId)}/statement?month=${month}`} download data-testid="statement-download">
            Download statement
          </a>
        ) : null}
      </div>
      <div className="doc-row">
        <TextField className="field" value={from} onChange={setFrom} isInvalid={!isMonth(from) || (isMonth(to) && from > to)}>
          <Label>Superbill from</Label>
          <Input type="month" data-testid="superbill-from" />
        </TextField>
        <TextField className="field" value={to} onChange={setTo} isInvalid={!isMonth(to) || (isMonth(from) && from > to)}>
          <Label>to</Label>
          <Input type="month" data-testid="superbill-to" />
        </TextField>
        {superbill ? (
          <a className="btn" href={superbill} download data-testid="superbill-download">
            Download superbill
          </a>
        ) : (
          <p className="field-error">Choose a first month on or before the last.</p>
        )}
      </div>
    </div>
  );
}

// CSV import: all or nothing. A rejected file comes back with a row-by-row report and nothing
// is stored; the template is made here from the shared column list.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { z } from 'zod';
import { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS, CSV_COLUMNS, ImportReport } from '../../../../shared/clients.js';
import { isApiError } from '../../../api/client.js';
import { BaaRequiredNotice, isBaaRequired } from '../../../components/lists.js';
import { numberFmt } from '../../../lib/pagination.js';
import { useMe } from '../../../session/useMe.js';
import { useImportClients } from '../api/importClients.js';
import { SubmitForm } from '../../../components/forms.js';
import { TableHead } from '../../../components/TableHead.js';

type Report = z.infer<typeof ImportReport>;
const Rejection = z.object({ error: z.object({ code: z.string(), message: z.string() }), report: ImportReport });

const TEMPLATE = `${CSV_COLUMNS.join(',')}\r\n`;
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;
const REQUIRED = ['firstName', 'lastName', 'dateOfBirth'];
/** The server's limit for this route, from the one shared constant. */
const MAX_BYTES = CLIENT_IMPORT_MAX_BYTES;
const MAX_MB = MAX_BYTES / 1024 / 1024;

type Outcome =
  | { kind: 'imported'; imported: number }
  | { kind: 'rejected'; message: string; report: Report }
  | { kind: 'error'; error: unknown };

export function ImportPage() {
  const me = useMe();
  const importClients = useImportClients();
  const inputId = useId();
  const hintId = useId();
  const [file, setFile] = useState<{ name: string; text: string; rows: number } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;

  const choose = async (f: File | undefined) => {
    setOutcome(null);
    setFileError(null);
    setFile(null);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setFileError(`${f.name} is larger than ${MAX_MB} MB. Split it into smaller files.`);
      return;
    }
    const text = await f.text();
    const rows = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length - 1;
    setFile({ name: f.name, text, rows: Math.max(0, rows) });
  };

  const submit = async () => {
    if (!file) {
      setFileError('Choose a CSV file to import.');
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      await importClients(file.text, (imported) => setOutcome({ kind: 'imported', imported }));
    } catch (e) {
      const rejected = isApiError(e) ? Rejection.safeParse(e.data) : null;
      if (rejected?.success) setOutcome({ kind: 'rejected', message: rejected.data.error.message, report: rejected.data.report });
      else setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="import-page" data-ready="true">
      <p className="breadcrumb">
        <Link to="/clients">← All clients</Link>
      </p>
      <h1>Import clients from CSV</h1>
      {!canWrite ? (
        <p>Your role cannot add clients.</p>
      ) : (
        <>
          <section aria-labelledby="format-h" className="card">
            <h2 id="format-h">File format</h2>
            <p>
              One client per row, with a header row naming the columns. Required columns: {REQUIRED.join(', ')} (headers
              such as “First Name”, “first_name”, “DOB”, “E-mail” or “Phone Number” also work). Dates of birth are written
              MM/DD/YYYY (03/07/1984) or YYYY-MM-DD; state is a two-letter code. The file is imported only if every row is
              valid: otherwise nothing is imported and every problem of every row is listed.
            </p>
            <p className="columns">
              Columns: <code>{CSV_COLUMNS.join(', ')}</code>
            </p>
            <p>
              <a href={TEMPLATE_HREF} download="hearth-clients-template.csv" data-testid="csv-template">
                Download the CSV template
              </a>
            </p>
          </section>

          <SubmitForm className="form card" aria-label="Import clients" onSubmit={() => void submit()}>
            <div className="field">
              <label htmlFor={inputId}>CSV file</label>
              <input
                id={inputId}
                type="file"
                accept=".csv,text/csv"
                data-testid="csv-file"
                aria-describedby={hintId}
                aria-invalid={fileError ? true : undefined}
                onChange={(e) => void choose(e.currentTarget.files?.[0])}
              />
              <p id={hintId} className={fileError ? 'field-error' : 'field-description'} role={fileError ? 'alert' : undefined}>
                {fileError ??
                  (file
                    ? `${file.name}: ${numberFmt.format(file.rows)} row${file.rows === 1 ? '' : 's'} after the header.`
                    : `Up to ${MAX_MB} MB and ${numberFmt.format(CLIENT_IMPORT_MAX_ROWS)} clients per file.`)}
              </p>
            </div>
            <Button type="submit" className="btn primary" isDisabled={busy || !file} data-testid="import-submit">
              {busy ? 'Importing…' : 'Import'}
            </Button>
          </SubmitForm>

          <ImportOutcome outcome={outcome} />
        </>
      )}
    </div>
  );
}

function ImportOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return <div role="status" aria-live="polite" />;
  switch (outcome.kind) {
    case 'imported':
      return (
        <div role="status" className="notice" data-testid="import-result" data-imported={outcome.imported}>
          <p>
            Imported {numberFmt.format(outcome.imported)} client{outcome.imported === 1 ? '' : 's'}.{' '}
            <Link to="/clients">View clients</Link>
          </p>
        </div>
      );
    case 'rejected':
      return (
        <section aria-labelledby="report-h" className="card" data-testid="import-report" data-errors={outcome.report.errors.length}>
          <div role="alert" className="error-summary">
            <h2 id="report-h">Nothing was imported</h2>
            {/^nothing was imported/i.test(outcome.message) ? null : <p>{outcome.message}</p>}
            <p>
              Fix the {outcome.report.errors.length === 1 ? 'problem' : `${numberFmt.format(outcome.report.errors.length)} problems`} below
              and import the whole file again. Row numbers count the header line as row 1.
            </p>
          </div>
          <div className="table-wrap" role="region" aria-label="Import problems, scrollable" tabIndex={0}>
            <table className="table import-table" data-testid="import-errors">
              <caption className="visually-hidden">Problems found in the file, by row</caption>
              <TableHead columns={['Row', 'Column', 'Problem']} />
              <tbody>
                {outcome.report.errors.map((e, i) => (
                  <tr key={i} data-row={e.row} data-field={e.field}>
                    <th scope="row">{e.row}</th>
                    <td>{e.column ?? e.field}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      );
    case 'error':
      return isBaaRequired(outcome.error) ? (
        <BaaRequiredNotice error={outcome.error} />
      ) : (
        <div role="alert" className="error-summary" data-testid="import-error">
          <p>{isApiError(outcome.error) ? outcome.error.message : 'The import failed. Please try again.'}</p>
        </div>
      );
  }
}

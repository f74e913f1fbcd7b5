// CSV import: the whole file is checked before anything is stored. A file with any bad row is
// refused with a row-by-row report; a good file is imported in one transaction.
import { parse } from 'csv-parse/sync';
import { AppError } from '../../errors.js';
import { ClientInput, CSV_COLUMNS } from '../../../shared/clients.js';

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export interface RowError {
  row: number;
  field: string;
  message: string;
}

const REQUIRED = ['firstName', 'lastName', 'dateOfBirth'] as const;

/** Parses and validates; returns the inputs, or the errors of every bad row (row 1 is the header). */
export function parseClientCsv(text: string): { inputs: ClientInput[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError('validation_failed', 400, `file: not a valid CSV${line ? ` (line ${line})` : ''}`, 'file');
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError('validation_failed', 400, 'file: the file is empty; the first line must name the columns', 'file');
  const known = new Set<string>(CSV_COLUMNS);
  const unknown = header.find((h) => !known.has(h));
  if (unknown !== undefined) throw new AppError('validation_failed', 400, `file: unknown column "${unknown}"; the columns are ${CSV_COLUMNS.join(', ')}`, `column:${unknown}`);
  const missing = REQUIRED.find((r) => !header.includes(r));
  if (missing) throw new AppError('validation_failed', 400, `file: the column "${missing}" is required`, `column:${missing}`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) throw new AppError('validation_failed', 400, `file: the column "${dup}" appears twice`, `column:${dup}`);
  if (!rows.length) throw new AppError('validation_failed', 400, 'file: no client rows after the header', 'file');
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('validation_failed', 400, `file: at most ${MAX_IMPORT_ROWS} clients per import`, 'file');

  const inputs: ClientInput[] = [];
  const errors: RowError[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const v: Record<string, string | undefined> = {};
    header.forEach((h, j) => {
      const cell = cells[j];
      v[h] = cell === undefined || cell === '' ? undefined : cell;
    });
    const hasAddress = v.addressLine1 || v.city || v.state || v.postalCode || v.addressLine2;
    const candidate = {
      firstName: v.firstName ?? '',
      lastName: v.lastName ?? '',
      dateOfBirth: v.dateOfBirth ?? '',
      ...(v.preferredName ? { preferredName: v.preferredName } : {}),
      ...(v.pronouns ? { pronouns: v.pronouns } : {}),
      ...(v.email ? { email: v.email } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      ...(v.status ? { status: v.status } : {}),
      ...(hasAddress
        ? { address: { line1: v.addressLine1 ?? '', ...(v.addressLine2 ? { line2: v.addressLine2 } : {}), city: v.city ?? '', state: v.state ?? '', postalCode: v.postalCode ?? '' } }
        : {}),
    };
    const parsed = ClientInput.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field = { 'address.line1': 'addressLine1', 'address.line2': 'addressLine2', 'address.city': 'city', 'address.state': 'state', 'address.postalCode': 'postalCode' }[path] ?? path;
        errors.push({ row, field, message: issue.message });
      }
    } else inputs.push(parsed.data);
  });
  return { inputs, errors };
}

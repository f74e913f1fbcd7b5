// CSV import: the whole file is checked before anything is stored. A file with any bad row is
// refused with a report of every problem of every row (row, column, message); a good file is
// imported in one transaction. Files come from other systems and spreadsheets, so the common
// spellings of the column names ("First Name", "first_name", "DOB", "E-mail", "Phone Number")
// and of dates (MM/DD/YYYY, M/D/YYYY, YYYY-MM-DD) are accepted.
import type * as CsvParse from 'csv-parse/sync';
import { AppError, invalid } from '../../errors.js';
import { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS, ClientInput, CSV_COLUMNS, DEFAULT_DATE_ORDER, parseDateInput, type DateOrder } from '../../../shared/clients.js';
import { lazyRequire } from '../../lib/lazy.js';
import { normalisePhone } from './normalise.js';

// The CSV parser is loaded with the first import, not at start-up (synchronously: its CommonJS build).
const csvParser = lazyRequire<typeof CsvParse>('csv-parse/sync');

export const MAX_IMPORT_ROWS = CLIENT_IMPORT_MAX_ROWS;
export const MAX_IMPORT_BYTES = CLIENT_IMPORT_MAX_BYTES;

export interface RowError {
  row: number;
  field: string;
  /** The column's header as written in the file. */
  column?: string;
  message: string;
}

type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED = ['firstName', 'lastName', 'dateOfBirth'] as const;

/** A header reduced to letters and digits, lower case: "First Name", "first_name" -> "firstname". */
const headerKey = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Other spellings of each column, as headerKey gives them (each column's own name is included). */
const ALIASES: Record<Column, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'fname', 'forename', 'clientfirstname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname', 'clientlastname'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'birthdatemmddyyyy', 'dobmmddyyyy', 'dateofbirthmmddyyyy'],
  preferredName: ['preferredname', 'nickname', 'goesby'],
  pronouns: ['pronouns', 'pronoun'],
  email: ['email', 'emailaddress', 'mail'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'cellnumber', 'telephone', 'tel', 'homephone'],
  addressLine1: ['addressline1', 'address', 'address1', 'street', 'streetaddress', 'addressstreet'],
  addressLine2: ['addressline2', 'address2', 'apt', 'suite', 'unit', 'aptsuite'],
  city: ['city', 'town'],
  state: ['state', 'st', 'stateprovince'],
  postalCode: ['postalcode', 'zip', 'zipcode', 'postcode', 'zippostalcode'],
  status: ['status', 'clientstatus'],
};
const BY_KEY = new Map<string, Column>(CSV_COLUMNS.flatMap((c) => ALIASES[c].map((k) => [k, c] as const)));

const ADDRESS_FIELDS: Record<string, Column> = { 'address.line1': 'addressLine1', 'address.line2': 'addressLine2', 'address.city': 'city', 'address.state': 'state', 'address.postalCode': 'postalCode' };

/**
 * Parses and validates; returns the inputs, or every problem of every bad row (row 1 is the
 * header). `order` says how an ambiguous date such as 03/04/1990 is read (the practice's
 * convention; US practices write the month first).
 */
export function parseClientCsv(text: string, order: DateOrder = DEFAULT_DATE_ORDER): { inputs: ClientInput[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = csvParser().parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError('validation_failed', 400, `file: not a valid CSV${line ? ` (line ${line})` : ''}`, 'file');
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('file', 'the file is empty; the first line must name the columns');
  const columns = header.map((h) => BY_KEY.get(headerKey(h)));
  const unknown = header.find((_h, i) => columns[i] === undefined);
  if (unknown !== undefined) {
    throw new AppError('validation_failed', 400, `file: unknown column "${unknown}"; the columns are ${CSV_COLUMNS.join(', ')} (spellings such as "First Name" or "DOB" also work)`, `column:${unknown}`);
  }
  const missing = REQUIRED.find((r) => !columns.includes(r));
  if (missing) throw new AppError('validation_failed', 400, `file: the column "${missing}" is required`, `column:${missing}`);
  const dupAt = columns.findIndex((c, i) => columns.indexOf(c) !== i);
  if (dupAt >= 0) {
    const first = header[columns.indexOf(columns[dupAt])];
    const again = header[dupAt];
    throw new AppError('validation_failed', 400, `file: the column "${columns[dupAt]}" appears twice ("${first}" and "${again}")`, `column:${columns[dupAt]}`);
  }
  if (!rows.length) throw invalid('file', 'no client rows after the header');
  if (rows.length > MAX_IMPORT_ROWS) throw invalid('file', `at most ${MAX_IMPORT_ROWS} clients per import; split the file`);

  const headerOf = new Map<string, string>(columns.map((c, i) => [c!, header[i]!]));
  const inputs: ClientInput[] = [];
  const errors: RowError[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const problems: RowError[] = [];
    const problem = (field: string, message: string) => problems.push({ row, field, column: headerOf.get(field) ?? field, message });
    const v: Partial<Record<Column, string>> = {};
    columns.forEach((c, j) => {
      const cell = cells[j];
      if (c && cell !== undefined && cell !== '') v[c] = cell;
    });
    // People's own forms, turned into the API's: dates to YYYY-MM-DD, phones checked as the server stores them.
    let dateOfBirth = v.dateOfBirth ?? '';
    if (dateOfBirth) {
      const iso = parseDateInput(dateOfBirth, order);
      if (iso) dateOfBirth = iso;
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) {
        problem('dateOfBirth', `"${dateOfBirth}" is not a date; write it ${order === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY'} or YYYY-MM-DD`);
        dateOfBirth = '';
      }
    }
    const hasAddress = v.addressLine1 || v.city || v.state || v.postalCode || v.addressLine2;
    const candidate = {
      firstName: v.firstName ?? '',
      lastName: v.lastName ?? '',
      dateOfBirth,
      ...(v.preferredName ? { preferredName: v.preferredName } : {}),
      ...(v.pronouns ? { pronouns: v.pronouns } : {}),
      ...(v.email ? { email: v.email } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      ...(v.status ? { status: v.status.toLowerCase() } : {}),
      ...(hasAddress
        ? { address: { line1: v.addressLine1 ?? '', ...(v.addressLine2 ? { line2: v.addressLine2 } : {}), city: v.city ?? '', state: (v.state ?? '').toUpperCase(), postalCode: v.postalCode ?? '' } }
        : {}),
    };
    for (const r of REQUIRED) if (!v[r]) problem(r, 'is required');
    const parsed = ClientInput.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        if ((REQUIRED as readonly string[]).includes(path) && !v[path as Column]) continue;
        // A date already reported above is not reported again as empty.
        if (path === 'dateOfBirth' && problems.some((p) => p.field === 'dateOfBirth')) continue;
        problem(ADDRESS_FIELDS[path] ?? path, issue.message);
      }
    }
    // The phone's shape may pass the schema and still not be a number (the server stores E.164):
    // checked here, so it is reported with its row beside every other problem.
    if (v.phone && !problems.some((p) => p.field === 'phone')) {
      try {
        normalisePhone(v.phone, 'phone');
      } catch {
        problem('phone', `"${v.phone}" is not a valid phone number`);
      }
    }
    if (problems.length) errors.push(...problems);
    else if (parsed.success) inputs.push(parsed.data);
  });
  return { inputs, errors };
}

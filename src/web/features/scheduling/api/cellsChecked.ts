// A calendar range's rows (view=calendar) checked against the shared contract without one long
// task: a busy month's 2,000 cells at once took ~25 ms, and over 100 ms with its garbage
// collection under load.
import { z } from 'zod';
import { AppointmentCellRow } from '../../../../shared/scheduling.js';

const Rows = z.array(AppointmentCellRow);
/** Cells checked per task: checking a busy month's 2,000 at once was a task of ~25 ms (more under load). */
export const CHECK_SLICE = 250;

/**
 * `raw` checked against the shared contract (AppointmentCellRow), CHECK_SLICE at a time with a yield to
 * the browser between slices. As for every answer (api/factory.ts), a drift is logged, not fatal.
 */
export async function cellsChecked(raw: readonly unknown[]): Promise<AppointmentCellRow[]> {
  const out: AppointmentCellRow[] = [];
  for (let i = 0; i < raw.length; i += CHECK_SLICE) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const slice = raw.slice(i, i + CHECK_SLICE);
    const parsed = Rows.safeParse(slice);
    if (!parsed.success) console.warn('Response of the calendar range does not match the shared contract', parsed.error.issues);
    out.push(...(parsed.success ? parsed.data : (slice as AppointmentCellRow[])));
  }
  return out;
}

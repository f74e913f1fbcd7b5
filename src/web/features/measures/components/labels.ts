// Words and colours the measures screens share.
import type { Cadence } from '../../../../shared/measures.js';

export const CADENCE_LABELS: Record<Cadence, string> = {
  once: 'Once',
  every_appointment: 'Before every appointment',
  every_other_appointment: 'Before every other appointment',
};

/** A band's shade, from a calm green (lowest) to a soft red (highest): light enough for dark text on top. */
const SHADES = ['#e3f1e6', '#f1f3d8', '#fbefd2', '#fbe1cf', '#f8d4d4'];
export function bandFill(index: number, count: number): string {
  if (count <= 1) return SHADES[0]!;
  const at = Math.round((index * (SHADES.length - 1)) / (count - 1));
  return SHADES[at]!;
}

export const shortDay = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: '2-digit' });
export const longDay = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
export const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { dateStyle: 'medium' });

// One instrument's totals over time, with its severity bands shaded behind the line. The picture
// is one image to a screen reader (role="img", every point in its label); the same figures are in
// the table beside it (MeasureTable). Recharts' keyboard layer is off: nothing inside an image takes focus.
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { InstrumentDef, MeasureResult } from '../../../../shared/measures.js';
import { bandFill, shortDay } from './labels.js';

export function chartSummary(def: InstrumentDef, results: readonly MeasureResult[]): string {
  const points = results.map((r) => `${shortDay(r.completedAt)}: ${r.total} (${r.band})${r.riskFlag ? ', item 9 flagged' : ''}`);
  return `${def.name} total over time, 0 to ${def.maxTotal}. ${points.join('; ')}.`;
}

export function MeasureChart({ def, results }: { def: InstrumentDef; results: readonly MeasureResult[] }) {
  const data = results.map((r) => ({ day: shortDay(r.completedAt), total: r.total, band: r.band }));
  return (
    <div className="measure-chart" role="img" aria-label={chartSummary(def, results)} data-testid="measures-chart" data-instrument={def.id}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          {def.bands.map((b, i) => (
            <ReferenceArea key={b.label} y1={b.min} y2={i === def.bands.length - 1 ? b.max : b.max + 1} fill={bandFill(i, def.bands.length)} fillOpacity={1} ifOverflow="hidden" label={{ value: b.label, position: 'insideTopLeft', fill: '#3a424d', fontSize: 11 }} />
          ))}
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#c5cbd3" />
          <XAxis dataKey="day" tick={{ fill: '#1b1f24', fontSize: 12 }} interval="preserveStartEnd" />
          <YAxis domain={[0, def.maxTotal]} ticks={[...def.bands.map((b) => b.min), def.maxTotal]} tick={{ fill: '#1b1f24', fontSize: 12 }} width={32} allowDecimals={false} />
          <Tooltip formatter={(v, _n, item) => [`${String(v)} (${(item.payload as { band: string }).band})`, 'Total']} />
          <Line type="monotone" dataKey="total" name="Total" stroke="#0b5cad" strokeWidth={2.5} dot={{ r: 4, fill: '#0b5cad' }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

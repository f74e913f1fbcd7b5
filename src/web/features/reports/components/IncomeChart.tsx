// Income by month as a bar chart (invoiced beside collected). The picture is one image to a screen
// reader: role="img" with a summary of every month in its label; the same figures are in the table
// under it. Recharts' keyboard layer is off: nothing inside an image may take focus.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IncomeReport } from '../../../../shared/billing.js';
import { formatMoney, minorDigits, minorToDecimal, type CurrencyCode } from '../../../../shared/money.js';
import { monthLabel } from './month.js';

const INVOICED = '#0b5cad';
const COLLECTED = '#1e6b34';

export function incomeSummary(r: IncomeReport): string {
  const cur = r.currency as CurrencyCode;
  const months = r.byMonth.map((m) => `${monthLabel(m.month)}: invoiced ${formatMoney(m.invoicedCents, cur)}, collected ${formatMoney(m.collectedCents, cur)}`);
  return `Income by month, bar chart. ${months.join('; ')}.`;
}

export function IncomeChart({ report }: { report: IncomeReport }) {
  const cur = report.currency as CurrencyCode;
  const data = report.byMonth.map((m) => ({
    month: monthLabel(m.month, true),
    // Plotted in major units (a float is fine for bar heights; every figure shown as text is exact).
    invoiced: Number(minorToDecimal(m.invoicedCents, cur)),
    collected: Number(minorToDecimal(m.collectedCents, cur)),
  }));
  const money = (v: number) => formatMoney(Math.round(v * 10 ** minorDigits(cur)), cur);
  return (
    <div className="income-chart" role="img" aria-label={incomeSummary(report)} data-testid="income-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fill: '#1b1f24', fontSize: 13 }} interval="preserveStartEnd" />
          <YAxis tick={{ fill: '#1b1f24', fontSize: 13 }} tickFormatter={(v: number) => money(v).replace(/\.00$/, '')} width={72} />
          <Tooltip formatter={(v) => money(Number(v))} />
          {/* In the bars' order (invoiced, then collected), not alphabetical. */}
          <Legend itemSorter={null} />
          <Bar dataKey="invoiced" name="Invoiced" fill={INVOICED} isAnimationActive={false} />
          <Bar dataKey="collected" name="Collected" fill={COLLECTED} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

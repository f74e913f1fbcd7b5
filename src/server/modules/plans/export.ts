// The treatment plans' section of a client's record export: signed plans (never drafts) with each
// version's signatures. A role that does not read clinical content gets the section withheld.
import type { TreatmentPlan } from '../../../shared/plans.js';
import { withheldSection, type ExportSection } from '../clients/index.js';

const TITLE = 'Treatment plans';

export const withheldPlans = (): ExportSection => withheldSection(TITLE);

function planLines(p: TreatmentPlan): string[] {
  const c = p.content;
  const lines = [`Diagnoses: ${c.diagnoses.map((d) => `${d.code} ${d.description}`).join('; ') || 'none'}`, `Review every ${c.reviewEveryDays} days; next review ${p.nextReviewDate ?? '—'}`];
  c.problems.forEach((problem, i) => {
    lines.push(`Problem ${i + 1}: ${problem.text}`);
    problem.goals.forEach((g, j) => {
      lines.push(`  Goal ${i + 1}.${j + 1}: ${g.text}`);
      for (const o of g.objectives) lines.push(`    Objective (target ${o.targetDate}, ${o.status.replace('_', ' ')}): ${o.text}`);
      for (const x of g.interventions) lines.push(`    Intervention (${x.frequency}): ${x.text}`);
    });
  });
  for (const v of p.versions) {
    const by = [v.signed ? `signed by ${v.signed.name} ${v.signed.at}` : null, v.clientSigned ? `client signed as ${v.clientSigned.typedName} ${v.clientSigned.at}` : null].filter(Boolean).join(', ');
    if (by) lines.push(`Version ${v.version} (${v.kind}): ${by}`);
  }
  return lines;
}

export function plansExportSection(plans: TreatmentPlan[]): ExportSection {
  return {
    title: TITLE,
    items: plans,
    printable: plans.map((p) => ({ heading: `Plan, version ${p.version} · ${p.status}${p.integrity === 'tampered' ? ' · INTEGRITY CHECK FAILED' : ''}`, lines: planLines(p) })),
  };
}

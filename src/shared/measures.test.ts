// Scoring and bands of every instrument at each boundary, and the answer checks.
import { describe, expect, it } from 'vitest';
import { answerProblem, bandOf, GAD7, INSTRUMENT_DEFS, PCL5, PCL5_CUTOFF, PHQ9, score, type InstrumentDef } from './measures.js';

/** Answers summing to `total`, filled from the first item (each at most the top option). */
function answersFor(def: InstrumentDef, total: number): number[] {
  const top = def.options.length - 1;
  return def.items.map(() => {
    const a = Math.min(top, total);
    total -= a;
    return a;
  });
}

describe('instruments', () => {
  it('have their published item counts, options and ranges', () => {
    expect([PHQ9.items.length, PHQ9.options.length, PHQ9.maxTotal]).toEqual([9, 4, 27]);
    expect([GAD7.items.length, GAD7.options.length, GAD7.maxTotal]).toEqual([7, 4, 21]);
    expect([PCL5.items.length, PCL5.options.length, PCL5.maxTotal]).toEqual([20, 5, 80]);
    expect(PHQ9.items[8]).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
    for (const def of Object.values(INSTRUMENT_DEFS)) {
      expect(def.maxTotal).toBe(def.items.length * (def.options.length - 1));
      // Bands cover 0..max without gaps or overlaps.
      expect(def.bands[0]!.min).toBe(0);
      expect(def.bands.at(-1)!.max).toBe(def.maxTotal);
      for (let i = 1; i < def.bands.length; i++) expect(def.bands[i]!.min).toBe(def.bands[i - 1]!.max + 1);
    }
  });

  it.each([
    [PHQ9, [[0, 'Minimal'], [4, 'Minimal'], [5, 'Mild'], [9, 'Mild'], [10, 'Moderate'], [14, 'Moderate'], [15, 'Moderately severe'], [19, 'Moderately severe'], [20, 'Severe'], [27, 'Severe']]],
    [GAD7, [[0, 'Minimal'], [4, 'Minimal'], [5, 'Mild'], [9, 'Mild'], [10, 'Moderate'], [14, 'Moderate'], [15, 'Severe'], [21, 'Severe']]],
    [PCL5, [[0, 'Below threshold'], [PCL5_CUTOFF - 1, 'Below threshold'], [PCL5_CUTOFF, 'At or above threshold (probable PTSD)'], [80, 'At or above threshold (probable PTSD)']]],
  ] as const)('%s scores and bands at each boundary', (def, cases) => {
    for (const [total, band] of cases) {
      const s = score(def, answersFor(def, total));
      expect(s.total).toBe(total);
      expect(s.band).toBe(band);
    }
    expect(() => bandOf(def, def.maxTotal + 1)).toThrow(RangeError);
  });

  it('flags PHQ-9 item 9 above zero, and nothing on the other instruments', () => {
    expect(score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]).riskFlag).toBe(true);
    expect(score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).riskFlag).toBe(false);
    expect(score(GAD7, [3, 3, 3, 3, 3, 3, 3]).riskFlag).toBe(false);
    expect(score(PCL5, Array(20).fill(4)).riskFlag).toBe(false);
  });

  it('names the first bad answer', () => {
    expect(answerProblem(PHQ9, Array(9).fill(0))).toBeNull();
    expect(answerProblem(PHQ9, Array(8).fill(0))).toEqual(['answers.8', 'item 9 is required']);
    expect(answerProblem(PHQ9, [0, 0, 4, 0, 0, 0, 0, 0, 0])?.[0]).toBe('answers.2');
    expect(answerProblem(PHQ9, [0, 0, 1.5, 0, 0, 0, 0, 0, 0])?.[0]).toBe('answers.2');
    expect(answerProblem(PHQ9, [-1, 0, 0, 0, 0, 0, 0, 0, 0])?.[0]).toBe('answers.0');
    expect(answerProblem(PHQ9, Array(10).fill(0))?.[0]).toBe('answers');
    expect(answerProblem(PCL5, Array(20).fill(4))).toBeNull();
    expect(answerProblem(GAD7, Array(7).fill(0), 4)?.[0]).toBe('difficulty');
    expect(answerProblem(PCL5, Array(20).fill(0), 1)?.[0]).toBe('difficulty');
  });
});

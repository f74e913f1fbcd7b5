// Scored measures (issue 18): PHQ-9, GAD-7 and PCL-5 with their published items, response options
// and scoring, and the contracts of the measures routes. docs/measures.md says what each band means
// and what the client sees.
//
// Sources (item wording copied exactly; the instruments are free to use):
//  - PHQ-9 and GAD-7: Pfizer's Patient Health Questionnaire screeners (phqscreeners.com), developed by
//    Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "No permission required
//    to reproduce, translate, display or distribute". Kroenke et al. 2001 (PHQ-9 bands); Spitzer et al.
//    2006 (GAD-7 bands).
//  - PCL-5: the PTSD Checklist for DSM-5, Weathers, Litz, Keane, Palmieri, Marx & Schnurr (2013),
//    National Center for PTSD (ptsd.va.gov), public domain. A provisional cut-point of 31–33; Hearth
//    uses 33 (the National Center's upper figure, fewer false positives) and says so in docs/measures.md.
import { z } from 'zod';
import { CRISIS_RESOURCES_ES, INSTRUMENT_TEXTS_ES, type InstrumentText } from './measures-es.js';
import { id } from './strings.js';

export const INSTRUMENTS = ['phq9', 'gad7', 'pcl5'] as const;
export const Instrument = z.enum(INSTRUMENTS);
export type Instrument = z.infer<typeof Instrument>;

export interface Band {
  /** Lowest total in the band (inclusive). */
  min: number;
  /** Highest total in the band (inclusive). */
  max: number;
  label: string;
}

export interface InstrumentDef {
  id: Instrument;
  name: string;
  title: string;
  /** The question the items answer. */
  stem: string;
  items: readonly string[];
  /** Response options, their value being their index. */
  options: readonly string[];
  maxTotal: number;
  bands: readonly Band[];
  /** The unscored functional question (PHQ-9, GAD-7); null when the instrument has none. */
  difficulty: { question: string; options: readonly string[] } | null;
  /** 0-based index of the item whose answer above zero alerts the provider at once (PHQ-9 item 9). */
  riskItem: number | null;
}

const FREQUENCY = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;
const DIFFICULTY = {
  question:
    'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  options: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
} as const;

export const PHQ9: InstrumentDef = {
  id: 'phq9',
  name: 'PHQ-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    'Little interest or pleasure in doing things',
    'Feeling down, depressed, or hopeless',
    'Trouble falling or staying asleep, or sleeping too much',
    'Feeling tired or having little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    'Thoughts that you would be better off dead or of hurting yourself in some way',
  ],
  options: FREQUENCY,
  maxTotal: 27,
  bands: [
    { min: 0, max: 4, label: 'Minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 19, label: 'Moderately severe' },
    { min: 20, max: 27, label: 'Severe' },
  ],
  difficulty: DIFFICULTY,
  riskItem: 8,
};

export const GAD7: InstrumentDef = {
  id: 'gad7',
  name: 'GAD-7',
  title: 'Generalized Anxiety Disorder (GAD-7)',
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    'Feeling nervous, anxious or on edge',
    'Not being able to stop or control worrying',
    'Worrying too much about different things',
    'Trouble relaxing',
    'Being so restless that it is hard to sit still',
    'Becoming easily annoyed or irritable',
    'Feeling afraid as if something awful might happen',
  ],
  options: FREQUENCY,
  maxTotal: 21,
  bands: [
    { min: 0, max: 4, label: 'Minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 21, label: 'Severe' },
  ],
  difficulty: DIFFICULTY,
  riskItem: null,
};

/** The provisional PTSD cut-point Hearth uses (the published range is 31–33). */
export const PCL5_CUTOFF = 33;

export const PCL5: InstrumentDef = {
  id: 'pcl5',
  name: 'PCL-5',
  title: 'PTSD Checklist for DSM-5 (PCL-5)',
  stem: 'Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then choose how much you have been bothered by that problem in the past month.',
  items: [
    'Repeated, disturbing, and unwanted memories of the stressful experience?',
    'Repeated, disturbing dreams of the stressful experience?',
    'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
    'Feeling very upset when something reminded you of the stressful experience?',
    'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
    'Avoiding memories, thoughts, or feelings related to the stressful experience?',
    'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
    'Trouble remembering important parts of the stressful experience?',
    'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
    'Blaming yourself or someone else for the stressful experience or what happened after it?',
    'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
    'Loss of interest in activities that you used to enjoy?',
    'Feeling distant or cut off from other people?',
    'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
    'Irritable behavior, angry outbursts, or acting aggressively?',
    'Taking too many risks or doing things that could cause you harm?',
    'Being "superalert" or watchful or on guard?',
    'Feeling jumpy or easily startled?',
    'Having difficulty concentrating?',
    'Trouble falling or staying asleep?',
  ],
  options: ['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely'],
  maxTotal: 80,
  bands: [
    { min: 0, max: PCL5_CUTOFF - 1, label: 'Below threshold' },
    { min: PCL5_CUTOFF, max: 80, label: 'At or above threshold (probable PTSD)' },
  ],
  difficulty: null,
  riskItem: null,
};

export const INSTRUMENT_DEFS: Readonly<Record<Instrument, InstrumentDef>> = { phq9: PHQ9, gad7: GAD7, pcl5: PCL5 };

export interface Score {
  total: number;
  band: string;
  /** The risk item (PHQ-9 item 9) answered above zero. */
  riskFlag: boolean;
}

/** The band a total falls in. */
export function bandOf(def: InstrumentDef, total: number): string {
  const band = def.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${def.name} total ${total} is outside 0–${def.maxTotal}`);
  return band.label;
}

/**
 * Checks a full set of answers: one whole number per item, each from 0 to the top option.
 * Answers the first problem as `[field, message]` (field `answers.<index>`), or null.
 */
export function answerProblem(def: InstrumentDef, answers: readonly unknown[], difficulty?: unknown): [string, string] | null {
  const top = def.options.length - 1;
  if (answers.length > def.items.length) return ['answers', `has ${answers.length} answers; ${def.name} has ${def.items.length} items`];
  for (let i = 0; i < def.items.length; i++) {
    const a = answers[i];
    if (a === undefined || a === null) return [`answers.${i}`, `item ${i + 1} is required`];
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a > top) return [`answers.${i}`, `item ${i + 1} must be a whole number from 0 to ${top}`];
  }
  if (difficulty !== undefined && difficulty !== null) {
    if (!def.difficulty) return ['difficulty', `${def.name} has no difficulty question`];
    const dTop = def.difficulty.options.length - 1;
    if (typeof difficulty !== 'number' || !Number.isInteger(difficulty) || difficulty < 0 || difficulty > dTop) return ['difficulty', `must be a whole number from 0 to ${dTop}`];
  }
  return null;
}

/** Scores a checked set of answers (answerProblem first). */
export function score(def: InstrumentDef, answers: readonly number[]): Score {
  const total = answers.reduce((sum, a) => sum + a, 0);
  return { total, band: bandOf(def, total), riskFlag: def.riskItem !== null && (answers[def.riskItem] ?? 0) > 0 };
}

// ---- crisis resources (shown to the client right after a risk answer) ----

export const CRISIS_RESOURCES = [
  { name: '988 Suicide & Crisis Lifeline', how: 'Call or text 988 (24/7, free, confidential)', href: 'tel:988' },
  { name: '988 Lifeline en español', how: 'Llame al 988 y oprima 2', href: 'tel:988' },
  { name: 'Crisis Text Line', how: 'Text HOME to 741741', href: 'sms:741741?body=HOME' },
  { name: 'Emergency', how: 'If you are in immediate danger, call 911', href: 'tel:911' },
] as const;

/** What a client reads of an instrument in their language ("es", "es-MX" → Spanish; else English). */
export function instrumentText(instrument: Instrument, locale: string): InstrumentText {
  if (spanish(locale)) return INSTRUMENT_TEXTS_ES[instrument];
  const { title, stem, items, options, difficulty } = INSTRUMENT_DEFS[instrument];
  return { title, stem, items, options, difficulty };
}

/** The crisis resources in the client's language. */
export function crisisResources(locale: string): readonly { name: string; how: string; href: string }[] {
  return spanish(locale) ? CRISIS_RESOURCES_ES : CRISIS_RESOURCES;
}

const spanish = (locale: string) => locale.toLowerCase().split('-')[0] === 'es';

// ---- routes ----

export const CADENCES = ['once', 'every_appointment', 'every_other_appointment'] as const;
export const Cadence = z.enum(CADENCES);
export type Cadence = z.infer<typeof Cadence>;

export const MeasureClientParams = z.object({ id });
export const MeasureScheduleParams = z.object({ id, scheduleId: id });
export const MeasureRequestParams = z.object({ id });

export const MeasureScheduleInput = z.strictObject({ instrument: Instrument, cadence: Cadence });
export type MeasureScheduleInput = z.infer<typeof MeasureScheduleInput>;
export const MeasureSchedulePatch = z.strictObject({ active: z.literal(false) });

export const MeasureSchedule = z.object({
  id: z.string(),
  instrument: Instrument,
  cadence: Cadence,
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type MeasureSchedule = z.infer<typeof MeasureSchedule>;

export const RequestStatus = z.enum(['due', 'completed', 'expired']);
export const MeasureRequest = z.object({
  id: z.string(),
  instrument: Instrument,
  appointmentId: z.string().nullable(),
  opensAt: z.string(),
  dueAt: z.string(),
  status: RequestStatus,
});
export type MeasureRequest = z.infer<typeof MeasureRequest>;

export const MeasureResult = z.object({
  id: z.string(),
  requestId: z.string(),
  instrument: Instrument,
  completedAt: z.string(),
  total: z.number(),
  band: z.string(),
  answers: z.array(z.number()),
  difficulty: z.number().nullable(),
  /** PHQ-9 item 9 answered above zero. */
  riskFlag: z.boolean(),
  /** When a clinician marked the flag reviewed (null: open, or no flag). */
  flagReviewedAt: z.string().nullable(),
});
export type MeasureResult = z.infer<typeof MeasureResult>;

export const ClientMeasures = z.object({
  /** Completed responses, oldest first. */
  results: z.array(MeasureResult),
  schedules: z.array(MeasureSchedule),
  /** Requests still open (status due). */
  due: z.array(MeasureRequest),
});
export type ClientMeasures = z.infer<typeof ClientMeasures>;

/** Open item-9 flags for the signed-in clinician's clients (the Today page's alert). */
export const MeasureFlags = z.object({ items: z.array(z.object({ responseId: z.string(), clientId: z.string(), clientName: z.string(), completedAt: z.string() })) });
export type MeasureFlags = z.infer<typeof MeasureFlags>;

// ---- portal ----

export const PortalMeasureQuery = z.strictObject({ clientId: id.optional() });
export const PortalMeasureItem = z.object({ id: z.string(), instrument: Instrument, name: z.string(), dueAt: z.string(), itemCount: z.number() });
export const PortalMeasureList = z.object({ items: z.array(PortalMeasureItem) });
export type PortalMeasureList = z.infer<typeof PortalMeasureList>;

export const PortalMeasure = PortalMeasureItem.extend({
  title: z.string(),
  stem: z.string(),
  items: z.array(z.string()),
  options: z.array(z.string()),
  difficulty: z.object({ question: z.string(), options: z.array(z.string()) }).nullable(),
});
export type PortalMeasure = z.infer<typeof PortalMeasure>;

/** Answers are checked against the instrument by the service (each names `answers.<index>`). */
export const MeasureSubmit = z.strictObject({
  answers: z.array(z.number()).max(40),
  difficulty: z.number().nullable().optional(),
});
export type MeasureSubmit = z.infer<typeof MeasureSubmit>;

/** What the client sees after submitting: no score (docs/measures.md); crisis resources after a risk answer. */
export const MeasureSubmitted = z.object({ id: z.string(), showCrisisResources: z.boolean() });
export type MeasureSubmitted = z.infer<typeof MeasureSubmitted>;

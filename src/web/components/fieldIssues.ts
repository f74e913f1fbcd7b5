// What is wrong with an answer, in the reader's language. checkAnswers (src/shared/fields.ts) gives
// each problem as data (answerProblemText); the API names a field and says the problem in words
// for developers and logs ("is required", "must be from 1 to 10"), without the data (fieldIssueText).
// A person filling a form reads these sentences instead. A problem without a sentence here is shown
// as it was said in English, and as a plain "check this answer" in other languages.
import { defineMessages, type IntlShape } from 'react-intl';
import type { AnswerFinding } from '../../shared/fields.js';

export const fieldIssueMessages = defineMessages({
  required: { id: 'fields.issue.required', defaultMessage: 'Please answer this question.' },
  wholeNumber: { id: 'fields.issue.wholeNumber', defaultMessage: 'Enter a whole number.' },
  date: { id: 'fields.issue.date', defaultMessage: 'Enter a full date (day, month and year).' },
  option: { id: 'fields.issue.option', defaultMessage: 'Choose one of the options.' },
  other: { id: 'fields.issue.other', defaultMessage: 'Please check this answer.' },
});

/** checkAnswers' finding as a sentence for the person filling the form. */
export function answerProblemText(intl: IntlShape, finding: AnswerFinding): string {
  const p = finding.problem;
  switch (p.code) {
    case 'required':
      return intl.formatMessage(fieldIssueMessages.required);
    case 'range':
      return intl.formatMessage(RANGE_MESSAGE, { min: p.min, max: p.max });
    case 'whole_number':
      return intl.formatMessage(fieldIssueMessages.wholeNumber);
    case 'date':
      return intl.formatMessage(fieldIssueMessages.date);
    case 'one_option':
    case 'not_an_option':
    case 'option_twice':
    case 'option_list':
      return intl.formatMessage(fieldIssueMessages.option);
    case 'unknown_field':
    case 'text':
    case 'unicode':
    case 'control':
    case 'too_long':
    case 'checkbox':
    case 'signature':
      return intl.locale.startsWith('en') ? finding.message : intl.formatMessage(fieldIssueMessages.other);
  }
}

const RANGE_MESSAGE = { id: 'fields.issue.range', defaultMessage: 'Choose a number from {min} to {max}.' };
const RANGE = /^must be from (-?\d+) to (-?\d+)$/;

/** The problem the API named with one answer (English words, no data) as a sentence for the person filling the form. */
export function fieldIssueText(intl: IntlShape, message: string): string {
  if (message === 'is required') return intl.formatMessage(fieldIssueMessages.required);
  const range = RANGE.exec(message);
  if (range) return intl.formatMessage(RANGE_MESSAGE, { min: Number(range[1]), max: Number(range[2]) });
  if (message === 'must be a whole number') return intl.formatMessage(fieldIssueMessages.wholeNumber);
  if (message.startsWith('must be a date')) return intl.formatMessage(fieldIssueMessages.date);
  if (/one of the options|pick an option twice|list of options/.test(message)) return intl.formatMessage(fieldIssueMessages.option);
  return intl.locale.startsWith('en') ? message : intl.formatMessage(fieldIssueMessages.other);
}

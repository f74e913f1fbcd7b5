// What is wrong with an answer, in the reader's language. checkAnswers (src/shared/fields.ts) gives
// each problem as data, and the API sends the same data with an answer it refuses (ErrorBody's
// `problem`): answerProblemText words either. A person filling a form reads these sentences. A
// problem without a sentence here is shown as it was said in English, and as a plain "check this
// answer" in other languages (fieldIssueText: the API's refusals of a request's shape).
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

/**
 * A refusal the API gave without the problem as data (its schema's, about the request's shape, not
 * an answer's): as it was said in English, or a plain "check this answer" in other languages.
 */
export function fieldIssueText(intl: IntlShape, message: string): string {
  return intl.locale.startsWith('en') ? message : intl.formatMessage(fieldIssueMessages.other);
}

// What is wrong with an answer, in the reader's language. checkAnswers (src/shared/fields.ts) and the
// API name a field and say the problem in English for developers and logs ("is required", "must be
// from 1 to 10"); a person filling a form reads these sentences instead. A problem not known here is
// shown as the server said it in English, and as a plain "check this answer" in other languages.
import { defineMessages, type IntlShape } from 'react-intl';

export const fieldIssueMessages = defineMessages({
  required: { id: 'fields.issue.required', defaultMessage: 'Please answer this question.' },
  wholeNumber: { id: 'fields.issue.wholeNumber', defaultMessage: 'Enter a whole number.' },
  date: { id: 'fields.issue.date', defaultMessage: 'Enter a full date (day, month and year).' },
  option: { id: 'fields.issue.option', defaultMessage: 'Choose one of the options.' },
  other: { id: 'fields.issue.other', defaultMessage: 'Please check this answer.' },
});

const RANGE = /^must be from (-?\d+) to (-?\d+)$/;

/** The problem with one answer as a sentence for the person filling the form. */
export function fieldIssueText(intl: IntlShape, message: string): string {
  if (message === 'is required') return intl.formatMessage(fieldIssueMessages.required);
  const range = RANGE.exec(message);
  if (range) return intl.formatMessage({ id: 'fields.issue.range', defaultMessage: 'Choose a number from {min} to {max}.' }, { min: Number(range[1]), max: Number(range[2]) });
  if (message === 'must be a whole number') return intl.formatMessage(fieldIssueMessages.wholeNumber);
  if (message.startsWith('must be a date')) return intl.formatMessage(fieldIssueMessages.date);
  if (/one of the options|pick an option twice|list of options/.test(message)) return intl.formatMessage(fieldIssueMessages.option);
  return intl.locale.startsWith('en') ? message : intl.formatMessage(fieldIssueMessages.other);
}

import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import es from './es.json' with { type: 'json' };
import { apiProblemText, problemText } from './problemText.js';

const en = createIntl({ locale: 'en', timeZone: 'UTC' });
const spanish = createIntl({ locale: 'es-US', messages: es, timeZone: 'UTC', onError: (e) => { throw e; } });

describe("a problem's words in the reader's language", () => {
  it('a shared schema’s words beside a field', () => {
    expect(problemText(spanish, 'is required')).toBe('es obligatorio');
    expect(problemText(spanish, 'must be at most 1 character')).toBe('debe tener como máximo 1 carácter');
    expect(problemText(spanish, 'tick the box to sign')).toBe('tick the box to sign');
  });

  it('what the API refuses on the sign-in pages, by its code (the English the API sends is not shown to a Spanish reader)', () => {
    const wrong = { code: 'invalid_credentials', message: 'The email or password is not correct' };
    expect(apiProblemText(spanish, wrong)).toBe('El correo electrónico o la contraseña no son correctos.');
    expect(apiProblemText(en, wrong)).toBe('The email or password is not correct.');
    expect(apiProblemText(spanish, { code: 'mfa_invalid', message: 'That code is not valid' })).toBe('Ese código no es válido.');
    // The wait is the form's to say (its rate-limited words): the API's sentence already names it.
    expect(apiProblemText(spanish, { code: 'too_many_requests', message: 'Too many attempts. Try again in 30 seconds.' })).toBe('Demasiados intentos.');
    expect(apiProblemText(spanish, { code: 'overloaded', message: 'Hearth is busy; retrying shortly will work' })).toMatch(/^Hearth está ocupado/);
  });

  it('a field’s own refusal stays beside its field, and a message with no words here is kept', () => {
    expect(apiProblemText(spanish, { code: 'invalid_credentials', message: 'The password is not correct', field: 'password' })).toBe('The password is not correct');
    expect(apiProblemText(spanish, { code: 'mfa_invalid', message: 'The security key response was not accepted' })).toBe('The security key response was not accepted');
    expect(apiProblemText(spanish, { code: 'conflict', message: 'This client already has portal access' })).toBe('This client already has portal access');
  });
});

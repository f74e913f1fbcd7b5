import { createIntl } from 'react-intl';
import { describe, expect, it, vi } from 'vitest';
import { errorFromResponse, networkError } from '../api/factory.js';
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

  it("the shared layers' refusals, by their code (the English the API sends is not shown to a Spanish reader)", () => {
    // The wait is the form's to say (its rate-limited words): the API's sentence already names it.
    expect(apiProblemText(spanish, { code: 'too_many_requests', message: 'Too many attempts. Try again in 30 seconds.' })).toBe('Demasiados intentos.');
    expect(apiProblemText(spanish, { code: 'overloaded', message: 'Hearth is busy; retrying shortly will work' })).toMatch(/^Hearth está ocupado/);
    expect(apiProblemText(en, { code: 'too_many_requests', message: 'Too many attempts. Try again in 30 seconds.' })).toBe('Too many attempts.');
  });

  it('any other refusal is kept as the API worded it (in the page’s language where a client meets it)', () => {
    expect(apiProblemText(spanish, { code: 'invalid_credentials', message: 'El correo electrónico o la contraseña no son correctos.' })).toBe('El correo electrónico o la contraseña no son correctos.');
    expect(apiProblemText(spanish, { code: 'mfa_invalid', message: 'The security key response was not accepted' })).toBe('The security key response was not accepted');
    expect(apiProblemText(spanish, { code: 'conflict', message: 'This client already has portal access' })).toBe('This client already has portal access');
  });

  it("no answer, or an answer without Hearth's body, by the API client's code (its English is for logs)", () => {
    const unreachable = networkError();
    try {
      vi.stubGlobal('navigator', { onLine: true });
      expect(apiProblemText(spanish, unreachable)).toBe('No es posible comunicarse con el servidor de Hearth en este momento.');
      expect(apiProblemText(en, unreachable)).toBe("Hearth's server can't be reached right now.");
      vi.stubGlobal('navigator', { onLine: false });
      expect(apiProblemText(spanish, unreachable)).toBe('Este dispositivo no tiene conexión a internet.');
    } finally {
      vi.unstubAllGlobals();
    }
    const bare = errorFromResponse(502, '<html>Bad gateway</html>', null);
    expect(apiProblemText(spanish, bare)).toBe('El servidor de Hearth respondió con un error (502).');
    expect(apiProblemText(en, bare)).toBe("Hearth's server answered with an error (502).");
  });
});

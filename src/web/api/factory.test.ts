// A refusal's words about its field, without the field's name the API puts in front.
import { describe, expect, it } from 'vitest';
import { ApiError, fieldReason } from './factory.js';

describe('fieldReason', () => {
  it("drops the field's name the API puts in front", () => {
    expect(fieldReason(new ApiError(400, { code: 'invalid', field: 'filename', message: 'filename: must be at most 255 characters' }))).toBe('must be at most 255 characters');
    expect(fieldReason({ field: 'fields.pain', message: 'fields.pain: debe ser un número entero' })).toBe('debe ser un número entero');
  });
  it('is null for a refusal that names no field, or whose words do not start with its name', () => {
    expect(fieldReason(new ApiError(409, { code: 'conflict', message: 'Already signed' }))).toBeNull();
    expect(fieldReason({ field: 'file', message: 'The file is empty' })).toBeNull();
    expect(fieldReason({ field: 'name', message: 'names: is required' })).toBeNull();
  });
});

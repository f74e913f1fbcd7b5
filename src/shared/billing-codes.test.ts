import { describe, expect, it } from 'vitest';
import { CptCode, Icd10Code, icd10Code, isIcd10Code, normaliseIcd10, PayerCodingOverride, telehealthCoding } from './billing-codes.js';
import { AppointmentServiceInput } from './scheduling.js';

describe('ICD-10-CM codes', () => {
  it('accepts well-formed codes and normalises case, spaces and the dot', () => {
    expect(Icd10Code.parse('F32.9')).toBe('F32.9');
    expect(Icd10Code.parse('f32.9')).toBe('F32.9');
    expect(Icd10Code.parse(' F329 ')).toBe('F32.9');
    expect(Icd10Code.parse('F41')).toBe('F41');
    expect(Icd10Code.parse('f4310')).toBe('F43.10');
    expect(Icd10Code.parse('S06.0X1A')).toBe('S06.0X1A');
    expect(Icd10Code.parse('z63.0')).toBe('Z63.0');
    expect(normaliseIcd10('t7401xa')).toBe('T74.01XA');
  });

  it('rejects malformed codes with a message naming the field', () => {
    for (const bad of ['', 'F3', '3F2.9', 'FF2.9', 'F32.', 'F32.12345', 'F32..9', 'F3-2.9', 'F32.9!', 'F32 9', 'F.329']) {
      expect(isIcd10Code(bad), bad).toBe(false);
      expect(Icd10Code.safeParse(bad).success, bad).toBe(false);
    }
    expect(icd10Code('primary diagnosis').safeParse('F3').error?.issues[0]?.message).toMatch(/^primary diagnosis must be an ICD-10-CM code/);
    expect(Icd10Code.safeParse(329).error?.issues[0]?.message).toBe('diagnosis code must be an ICD-10-CM code (e.g. F32.9)');
  });
});

describe('CPT/HCPCS codes', () => {
  it('accepts 5-character codes and is the one the services form uses', () => {
    for (const ok of ['90837', '90791', '0362T', '99213']) expect(CptCode.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['9083', '908377', 'A0837', '90837 ', '9083t']) expect(CptCode.safeParse(bad).success, bad).toBe(false);
    const service = { name: 'Therapy', defaultMinutes: 50, rateCents: 15000 };
    expect(AppointmentServiceInput.safeParse({ ...service, cptCode: '90837' }).success).toBe(true);
    expect(AppointmentServiceInput.safeParse({ ...service, cptCode: '9083' }).error?.issues[0]?.message).toBe('must be a 5-character CPT/HCPCS code (e.g. 90837)');
  });
});

describe('telehealthCoding', () => {
  it('codes a video visit 95, POS 10 at home and 02 elsewhere', () => {
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: true })).toEqual({ pos: '10', modifiers: ['95'] });
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: false })).toEqual({ pos: '02', modifiers: ['95'] });
  });

  it('codes an audio-only visit 93 with the same POS rule', () => {
    expect(telehealthCoding({ billedMode: 'audio', clientAtHome: true })).toEqual({ pos: '10', modifiers: ['93'] });
    expect(telehealthCoding({ billedMode: 'audio', clientAtHome: false })).toEqual({ pos: '02', modifiers: ['93'] });
  });

  it('codes an unknown location as 02, never 10', () => {
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: null }).pos).toBe('02');
    expect(telehealthCoding({ billedMode: 'audio', clientAtHome: null }).pos).toBe('02');
  });

  it('lets a payer override replace the POS, the modifiers, or both', () => {
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: true, override: { pos: '02' } })).toEqual({ pos: '02', modifiers: ['95'] });
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: true, override: { modifiers: ['GT'] } })).toEqual({ pos: '10', modifiers: ['GT'] });
    expect(telehealthCoding({ billedMode: 'audio', clientAtHome: false, override: { pos: '11', modifiers: ['FQ', '93'] } })).toEqual({ pos: '11', modifiers: ['FQ', '93'] });
    // an empty list is a real override (payer wants no telehealth modifier), not "absent"
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: true, override: { modifiers: [] } })).toEqual({ pos: '10', modifiers: [] });
    expect(telehealthCoding({ billedMode: 'video', clientAtHome: true, override: {} })).toEqual({ pos: '10', modifiers: ['95'] });
  });

  it('does not share the override array with the result', () => {
    const override = { modifiers: ['GT'] };
    const out = telehealthCoding({ billedMode: 'video', clientAtHome: true, override });
    out.modifiers.push('XX');
    expect(override.modifiers).toEqual(['GT']);
  });

  it('validates a payer override', () => {
    expect(PayerCodingOverride.parse({ pos: '10', modifiers: [' gt ', '95'] })).toEqual({ pos: '10', modifiers: ['GT', '95'] });
    expect(PayerCodingOverride.safeParse({ pos: '99' }).error?.issues[0]?.message).toBe('must be a place-of-service code: 02, 10 or 11');
    expect(PayerCodingOverride.safeParse({ modifiers: ['950'] }).error?.issues[0]?.message).toBe('must be a 2-character modifier (e.g. 95)');
    expect(PayerCodingOverride.safeParse({ modifiers: ['95', '93', 'GT', 'FQ', 'XU'] }).success).toBe(false);
    expect(PayerCodingOverride.safeParse({ extra: 1 }).success).toBe(false);
  });
});

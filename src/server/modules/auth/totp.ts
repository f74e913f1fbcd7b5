// otplib (and the hash and base32 packages under it) is loaded with the first enrolment or code
// checked, not at start-up.
const PERIOD = 30;

export async function newTotpSecret(): Promise<string> {
  const { generateSecret } = await import('otplib');
  return generateSecret({ length: 20 });
}

export async function totpUri(secret: string, label: string, issuer = 'Hearth'): Promise<string> {
  const { generateURI } = await import('otplib');
  return generateURI({ issuer, label, secret, period: PERIOD });
}

/** The QR code library is loaded on the first enrolment, not at start-up. */
export async function qrDataUrl(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1 });
}

/**
 * Checks a code within one step either side of now, refusing any step at or before the last one
 * used, so every code is single-use. Returns the matched step, or null.
 */
export async function verifyTotp(secret: string, code: string, nowMs: number, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  // A step already used at or beyond the newest acceptable one (the clock stepped back since, e.g.
  // an NTP correction) leaves no code to accept: refused, not handed to otplib, which throws.
  const newest = Math.floor(nowMs / 1000 / PERIOD) + 1;
  if (lastStep !== null && lastStep >= newest) return null;
  const { verify } = await import('otplib');
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    period: PERIOD,
    epochTolerance: PERIOD,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  if (!result.valid) return null;
  return (result as { timeStep: number }).timeStep;
}

// Phone numbers as people read them, without putting the phone library (~25 kB brotli) on the
// light client path's first load: the formatter is imported on first use, and until it arrives a
// number shows as stored (E.164, readable and dialable). Same formatting as the PDF export.
import { useEffect, useState } from 'react';

export { phoneHref } from '../../shared/display.js';

export type PhoneFormat = (e164: string | null | undefined) => string;

const asStored: PhoneFormat = (e164) => e164 ?? '';
let loaded: PhoneFormat | null = null;

/** The phone formatter, imported once. */
export function loadPhoneFormat(): Promise<PhoneFormat> {
  if (loaded) return Promise.resolve(loaded);
  return import('../../shared/phone.js').then((m) => (loaded = m.formatPhone));
}

/** The phone formatter for a component: the stored form until the library has loaded, then formatted. */
export function usePhoneFormat(): PhoneFormat {
  const [format, setFormat] = useState<PhoneFormat>(() => loaded ?? asStored);
  useEffect(() => {
    if (loaded) return;
    let alive = true;
    loadPhoneFormat().then(
      (f) => alive && setFormat(() => f),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return format;
}

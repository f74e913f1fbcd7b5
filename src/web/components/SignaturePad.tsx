// A signature: the signer's typed name beside a drawn signature. Drawing uses pointer events (a
// finger, a pen or a mouse) on a canvas sized for the screen's pixel density; "Clear" starts over.
// The drawing leaves as a PNG data URL (kept under 200 KB: redrawn smaller when too big) with the
// typed name, the shape of `SignatureAnswer` (src/shared/fields.ts).
// Keyboard and screen-reader users cannot draw: they sign by typed name and tick "I agree this typed
// name is my signature"; the pad then draws the typed name in a script face as their mark (the server
// needs a PNG), so the same answer shape goes out and the agreement is explicit.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { SignatureAnswer } from '../../shared/fields.js';

/** What a form says when a signature is missing (the page that checks it formats them). */
export const signatureMessages = defineMessages({
  drawOrAgree: { id: 'signature.error.drawOrAgree', defaultMessage: 'Draw your signature in the box, or tick “I agree this typed name is my signature”.' },
  nameAndSign: { id: 'signature.error.nameAndSign', defaultMessage: 'Type your full name and sign.' },
});

/** The most a drawing may weigh as a data URL (the server refuses more). */
export const MAX_SIGNATURE_CHARS = 270_000;

export interface SignatureValue {
  typedName: string;
  /** The drawing as a PNG data URL, or null while nothing is drawn. */
  image: string | null;
  /** The signer agreed that the typed name is their signature (the way to sign without drawing). */
  typedAgreed: boolean;
  /** How the mark was made: drawn by hand, or made from the typed name. */
  drawn: boolean;
}

export const emptySignature: SignatureValue = { typedName: '', image: null, typedAgreed: false, drawn: false };

/** The answer to send, or null while the signature is not complete (a name, and a drawing or the agreement). */
export function signatureAnswer(v: SignatureValue): SignatureAnswer | null {
  const typedName = v.typedName.trim();
  if (!typedName || !v.image) return null;
  if (!v.drawn && !v.typedAgreed) return null;
  return { typedName, image: v.image };
}

const CSS_HEIGHT = 160;

function strokeStyle(ctx: CanvasRenderingContext2D, dpr: number) {
  ctx.lineWidth = 2.5 * dpr;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#10243e';
}

/** A PNG of the canvas, downscaled until it fits the limit (a dense phone screen makes big PNGs). */
function exportPng(canvas: HTMLCanvasElement): string {
  let url = canvas.toDataURL('image/png');
  let scale = 1;
  while (url.length > MAX_SIGNATURE_CHARS && scale > 0.2) {
    scale *= 0.7;
    const small = document.createElement('canvas');
    small.width = Math.max(1, Math.round(canvas.width * scale));
    small.height = Math.max(1, Math.round(canvas.height * scale));
    small.getContext('2d')?.drawImage(canvas, 0, 0, small.width, small.height);
    url = small.toDataURL('image/png');
  }
  return url;
}

/** The typed name drawn in a script face on a white canvas: the mark of a signer who signs by keyboard. */
function typedMark(name: string): string | null {
  const c = document.createElement('canvas');
  c.width = 600;
  c.height = 160;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.fillStyle = '#10243e';
  ctx.font = 'italic 48px "Brush Script MT", "Segoe Script", cursive';
  ctx.textBaseline = 'middle';
  ctx.fillText(name.slice(0, 40), 24, 80, 552);
  return exportPng(c);
}

/** The drawing surface: sized to its box and the screen's density, strokes from any pointer, cleared on demand. */
function useInk(initialInk: boolean, drawnImage: string | null, readOnly: boolean, onStroke: (png: string) => void) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [hasInk, setHasInk] = useState(initialInk);
  // The drawing to paint back when the canvas is resized (read by the resize handler).
  const image = useRef<string | null>(null);
  useEffect(() => {
    image.current = drawnImage;
  }, [drawnImage]);

  // Size the canvas to its box and the screen's density; a drawing already made is painted back.
  const fit = useCallback(() => {
    const c = canvasRef.current;
    if (!c) return;
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(c.clientWidth * dpr));
    const h = Math.round(CSS_HEIGHT * dpr);
    if (c.width === w && c.height === h) return;
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    const img = image.current;
    if (img) {
      const el = new Image();
      el.onload = () => ctx.drawImage(el, 0, 0, w, h);
      el.src = img;
    }
  }, []);

  useEffect(() => {
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [fit]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * c.width, y: ((e.clientY - r.top) / r.height) * c.height };
  };

  const onDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (readOnly) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    drawing.current = p;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    strokeStyle(ctx, e.currentTarget.width / Math.max(1, e.currentTarget.clientWidth));
    ctx.beginPath();
    ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill();
  };
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    if (!from || readOnly) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const to = point(e);
    strokeStyle(ctx, e.currentTarget.width / Math.max(1, e.currentTarget.clientWidth));
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    drawing.current = to;
  };
  const onUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = null;
    setHasInk(true);
    onStroke(exportPng(e.currentTarget));
  };

  const wipe = () => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (c && ctx) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, c.width, c.height);
    }
    setHasInk(false);
  };
  return { canvasRef, hasInk, wipe, handlers: { onPointerDown: onDown, onPointerMove: onMove, onPointerUp: onUp, onPointerCancel: onUp } };
}

export function SignaturePad({
  value,
  onChange,
  label,
  error,
  readOnly = false,
  testId = 'signature-pad',
}: {
  value: SignatureValue;
  onChange: (v: SignatureValue) => void;
  label?: string;
  error?: string;
  readOnly?: boolean;
  testId?: string;
}) {
  const id = useId();
  const intl = useIntl();
  const { canvasRef, hasInk, wipe, handlers } = useInk(value.drawn && value.image !== null, value.drawn ? value.image : null, readOnly, (png) => onChange({ ...value, image: png, drawn: true }));
  const clear = () => {
    wipe();
    const v = value;
    onChange({ ...v, drawn: false, image: v.typedAgreed && v.typedName.trim() ? typedMark(v.typedName.trim()) : null });
  };

  const setName = (typedName: string) => {
    const v = value;
    onChange({ ...v, typedName, image: v.drawn ? v.image : v.typedAgreed && typedName.trim() ? typedMark(typedName.trim()) : null });
  };
  const setAgreed = (typedAgreed: boolean) => {
    const v = value;
    onChange({ ...v, typedAgreed, image: v.drawn ? v.image : typedAgreed && v.typedName.trim() ? typedMark(v.typedName.trim()) : null });
  };

  const complete = signatureAnswer(value) !== null;
  return (
    <fieldset className={`signature-pad${error ? ' invalid' : ''}`} data-testid={testId} data-complete={complete ? 'true' : 'false'} data-drawn={hasInk ? 'true' : 'false'} aria-describedby={`${id}-help${error ? ` ${id}-err` : ''}`}>
      <legend>{label ?? <FormattedMessage id="signature.legend" defaultMessage="Your signature" />}</legend>
      <p id={`${id}-help`} className="field-description">
        <FormattedMessage id="signature.help" defaultMessage="Type your full name, then sign with your finger, a pen or the mouse in the box. If you cannot draw, tick the box under your name instead." />
      </p>
      <div className="signature-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>
            <FormattedMessage id="signature.name" defaultMessage="Your full name" />
          </label>
          <input id={`${id}-name`} type="text" autoComplete="name" value={value.typedName} onChange={(e) => setName(e.target.value)} readOnly={readOnly} aria-invalid={error && !value.typedName.trim() ? 'true' : undefined} data-testid={`${testId}-name`} maxLength={200} />
        </div>
        <div className="signature-draw">
          <span className="signature-draw-label" id={`${id}-canvas-label`}>
            <FormattedMessage id="signature.draw" defaultMessage="Draw your signature" />
          </span>
          <canvas
            ref={canvasRef}
            className="signature-canvas"
            style={{ height: `${CSS_HEIGHT}px` }}
            role="img"
            aria-labelledby={`${id}-canvas-label`}
            aria-description={hasInk ? intl.formatMessage({ id: 'signature.drawn', defaultMessage: 'A signature is drawn.' }) : intl.formatMessage({ id: 'signature.empty', defaultMessage: 'Nothing drawn yet.' })}
            {...handlers}
            data-testid={`${testId}-canvas`}
          />
          {readOnly ? null : (
            <Button className="btn small" onPress={clear} isDisabled={!hasInk} data-testid={`${testId}-clear`}>
              <FormattedMessage id="signature.clear" defaultMessage="Clear drawing" />
            </Button>
          )}
        </div>
      </div>
      {readOnly ? null : (
        <label className="checkbox-native">
          <input type="checkbox" checked={value.typedAgreed} onChange={(e) => setAgreed(e.target.checked)} data-testid={`${testId}-agree`} />
          <span>
            <FormattedMessage id="signature.agree" defaultMessage="I agree this typed name is my signature" />
          </span>
        </label>
      )}
      {error ? (
        <p id={`${id}-err`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

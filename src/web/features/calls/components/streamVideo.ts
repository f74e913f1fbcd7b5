// A <video> element playing a MediaStream (the device check's preview, a call's tiles).
import { useEffect, useRef } from 'react';

/**
 * The ref of a video element that plays `stream`, emptied again when the stream goes. `muted`, when
 * given, is set as a property before playing: React does not reflect the attribute reliably.
 */
export function useStreamVideo(stream: MediaStream | null, muted?: boolean) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    if (muted !== undefined) v.muted = muted;
    v.srcObject = stream;
    if (stream) void v.play().catch(() => undefined);
    return () => {
      v.srcObject = null;
    };
  }, [stream, muted]);
  return ref;
}

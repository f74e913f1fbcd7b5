// Whether a playing <video>'s picture has frozen: frames were arriving and none came for
// STALL_MS (the link to that person is too weak for their video, and their "audio only" has not
// reached us yet). A frozen face reads as a frozen call; the tile shows their initials instead.
import { type RefObject, useEffect, useState } from 'react';

export const STALL_MS = 3000;
const EVERY_MS = 1000;

/** Frames decoded so far, where the browser says. */
function framesOf(v: HTMLVideoElement): number | null {
  return v.getVideoPlaybackQuality?.().totalVideoFrames ?? null;
}

export function useFrameStall(ref: RefObject<HTMLVideoElement | null>, active: boolean): boolean {
  const [stalled, setStalled] = useState(false);
  useEffect(() => {
    if (!active) return;
    let last: number | null = null;
    let changedAt = Date.now();
    const timer = setInterval(() => {
      const v = ref.current;
      const frames = v ? framesOf(v) : null;
      if (frames === null) return;
      if (frames !== last) {
        // The first frames (or new ones): live.
        if (last !== null || frames > 0) changedAt = Date.now();
        last = frames;
        setStalled(false);
        return;
      }
      setStalled(frames > 0 && Date.now() - changedAt >= STALL_MS);
    }, EVERY_MS);
    return () => {
      clearInterval(timer);
      setStalled(false);
    };
  }, [ref, active]);
  return active && stalled;
}

// The probe behind the offer of video back (./adapt.ts decides when): in audio only the camera is
// closed, so the probe sends a throwaway 320×180 picture of grey noise at 15 fps (noise, so the
// encoder really uses its ~100 kbit/s), never the camera. The other side ignores it: the person
// it comes from still reports audio only, so their tile keeps showing the initials.

const W = 320;
const H = 180;
const FPS = 15;

export interface Probe {
  track: MediaStreamTrack;
  stop(): void;
}

/** A noise track, or null where the browser cannot make one (no canvas capture). */
export function startProbe(): Probe | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  if (!ctx || typeof canvas.captureStream !== 'function') return null;
  const track = canvas.captureStream(FPS).getVideoTracks()[0];
  if (!track) return null;
  const img = ctx.createImageData(W, H);
  const draw = () => {
    const d = img.data;
    for (let i = 0; i < d.length; i += 4) {
      const v = (Math.random() * 96) | 0;
      d[i] = d[i + 1] = d[i + 2] = v;
      d[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  };
  draw();
  const timer = setInterval(draw, 1000 / FPS);
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

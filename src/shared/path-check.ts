// The before-call check's measure of the path to Hearth (features/calls ConnectionCheck): small
// requests for the round trip, a fixed-size payload of random characters (no PHI, nothing stored,
// never cached, incompressible) for the download rate.
import { z } from 'zod';

/** The largest payload one request may ask for (256 kB). */
export const PATH_CHECK_MAX_BYTES = 262_144;

export const PathCheckQuery = z.strictObject({
  bytes: z.coerce
    .number({ message: 'must be a whole number of bytes' })
    .int({ message: 'must be a whole number of bytes' })
    .min(0, { message: 'must be 0 or more' })
    .max(PATH_CHECK_MAX_BYTES, { message: `must be at most ${PATH_CHECK_MAX_BYTES}` })
    .default(0),
});
export type PathCheckQuery = z.input<typeof PathCheckQuery>;

export const PathCheck = z.object({ pad: z.string() });
export type PathCheck = z.infer<typeof PathCheck>;

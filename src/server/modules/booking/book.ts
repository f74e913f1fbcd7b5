// Every booking this module makes for a client (a request booked at once or approved, a waitlist
// offer taken) flows one way: this module opens the transaction and calls scheduling to plan, hold
// the provider and insert; its own steps run between (`check`) and after (`then`) in the same
// transaction, so a throw from any of them saves nothing. Scheduling never calls back into booking.
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/index.js';
import type { ClientBookingRequest, SchedulingService } from '../scheduling/index.js';

export async function bookForClient(
  ctx: AppContext,
  scheduling: SchedulingService,
  b: ClientBookingRequest,
  steps: { check?: (tx: Tx) => Promise<void>; then: (tx: Tx, appointmentId: string) => Promise<void> },
): Promise<string> {
  const plan = await scheduling.planClientBooking(b);
  await ctx.db.transaction().execute(async (tx) => {
    await scheduling.holdClientBooking(tx, plan);
    await steps.check?.(tx);
    await scheduling.insertClientBooking(tx, plan);
    await steps.then(tx, plan.id);
  });
  return plan.id;
}

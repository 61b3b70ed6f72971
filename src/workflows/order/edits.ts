import { describeEdit, planEdit, unroutedUnits } from '../../order/edits';
import { describeLines } from '../../order/partial';
import type { OrderSnapshot } from '../../order/types';
import { applyOrderEdits, routeLines } from './acceptance';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';

/*
 * Edits the engine makes (an operator's `edit`) and edits made in Shopify,
 * while partners are asked to accept: the edit is made in Shopify (one
 * idempotent activity), then only the changed lines move: units taken off
 * give back their reservation and their partner hears what is left (an 860
 * change, or a cancel when nothing is), units added are routed like any
 * others and their partner asked. The capture then follows the new total.
 */

/** Apply the operators' queued edits, oldest first; returns the order as Shopify now has it. */
export async function applyOpsEdits(s: OrderState, order: OrderSnapshot): Promise<OrderSnapshot> {
  while (s.pendingEdits.length) {
    const edit = s.pendingEdits[0]!;
    const by = edit.args.by?.trim() || 'operator';
    // Checked again against the lines as they are now (an earlier edit or Shopify may have changed them).
    const planned = planEdit(s.orderLines ?? [], edit.args);
    if ('problem' in planned) {
      s.pendingEdits.shift();
      s.note(`Edit ${edit.key} not applied: ${planned.problem}`);
      continue;
    }
    const what = describeEdit(planned.plan);
    const applied = await runOrAskPerson(
      s,
      `Edit ${order.name} in Shopify: ${what}`,
      orderActivities.applyOrderEdit,
      [
        {
          orderGid: s.input.orderGid,
          editKey: edit.key,
          set: planned.plan.set.map((x) => ({ lineItemId: x.lineItemId, quantity: x.to })),
          add: planned.plan.add,
          note: `${what} (by ${by})`,
        },
      ],
      { onSkip: () => ({ committed: false, lines: [], skipped: true }) },
    );
    s.pendingEdits.shift();
    const outcome = applied.skipped ? 'skipped by an operator' : applied.committed ? 'made' : 'found already made';
    s.note(`Edit ${edit.key} ${outcome} in Shopify: ${what}`);
    order = await followEdits(s);
  }
  return order;
}

/**
 * Bring the allocations to the order as Shopify has it now: what was taken
 * off is released (and its partner told), what was added is routed.
 */
export async function followEdits(s: OrderState): Promise<OrderSnapshot> {
  const order = await applyOrderEdits(s);
  const added = unroutedUnits(order.lines, s.allocations);
  if (added.length) {
    s.note(`Order edit added ${describeLines(added)}: routing them`);
    await routeLines(s, order, added);
  }
  return order;
}

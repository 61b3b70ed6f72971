import type { OpsAction, OrderStatus } from './types';

/**
 * Operator actions on an order: their JSON arguments (what the Temporal UI's
 * "Send Signal" dialog, `POST /ops/orders/{id}/{action}` and `npm run ops`
 * send) and the one rule book that says whether an action makes sense in the
 * order's current state. Pure: the workflow's Update validators and signal
 * handlers call it, and so can anyone holding a `status`.
 */

export interface OpsArgs {
  /** Who acts (an operator's name or e-mail); recorded in the timeline. */
  by?: string;
  /** Free text recorded in the timeline. */
  note?: string;
}

export interface RerouteArgs extends OpsArgs {
  /** Only this allocation (default: every allocation that can still be rerouted). */
  allocationId?: string;
  /** Send the lines to this location (its name or Shopify id) or partner (its id). */
  toLocation?: string;
  /** Never choose these locations (names, ids or partner ids) for this order again. */
  exclude?: string[];
}

export interface HoldArgs extends OpsArgs {
  reason?: string;
}

export interface CancelArgs extends OpsArgs {
  reason?: string;
}

/** What an accepted ops Update answers. */
export interface OpsOutcome {
  action: OpsAction;
  accepted: true;
  stage: OrderStatus['stage'];
  message: string;
}

/** One line per action, for current details, the CLI and the README. */
export const OPS_ACTION_HELP: Record<OpsAction, { what: string; input: string }> = {
  retry: { what: 're-run the step that failed', input: '{}' },
  skip: { what: 'mark the step as done by hand (e.g. captured outside, risk accepted)', input: '{}' },
  reroute: {
    what: 'route the lines again, to a given location or excluding some',
    input: '{"toLocation": "LA Warehouse"} or {"exclude": ["Brooklyn Store"]}',
  },
  hold: {
    what: 'stop anything from being captured, released or shipped until released',
    input: '{"reason": "address check"}',
  },
  release: { what: 'lift the operator hold', input: '{}' },
  cancel: {
    what: 'cancel the order with full compensation (reservations, partners, holds, money)',
    input: '{"reason": "customer asked"}',
  },
};

const CLOSED_STAGES: readonly string[] = ['completed', 'cancelled', 'cancelling'];

/** The allocations a reroute may move now: asked or accepted, nothing captured yet. */
export function reroutableAllocations(s: Pick<OrderStatus, 'allocations'>) {
  return s.allocations.filter((a) => (a.state === 'awaiting_acceptance' || a.state === 'accepted') && !a.captured);
}

/** Checks the shape of an action's argument; returns the problem or null. */
export function argsProblem(action: OpsAction, args: unknown): string | null {
  if (args === undefined || args === null) return null;
  if (typeof args !== 'object' || Array.isArray(args))
    return `${action} takes a JSON object, such as ${OPS_ACTION_HELP[action].input}`;
  const a = args as Record<string, unknown>;
  for (const key of ['by', 'note', 'reason', 'allocationId', 'toLocation'] as const) {
    if (a[key] !== undefined && a[key] !== null && typeof a[key] !== 'string') return `${key} must be a string`;
  }
  if (
    a.exclude !== undefined &&
    a.exclude !== null &&
    (!Array.isArray(a.exclude) || a.exclude.some((x) => typeof x !== 'string' || !x.trim()))
  ) {
    return 'exclude must be a list of location names, ids or partner ids';
  }
  return null;
}

/** How an order's workflow version treats some actions. */
export interface OpsRules {
  /** A cancel after part of the order shipped withdraws the rest and refunds its share (cancel-remainder.ts). */
  cancelsRemainder?: boolean;
}

/**
 * Why `action` cannot be applied to an order in state `s`, or null when it can.
 * The Update validators reject with this message; signals are ignored with it.
 */
export function opsRefusal(
  s: Pick<OrderStatus, 'stage' | 'attention' | 'allocations' | 'opsHold'>,
  action: OpsAction,
  args?: unknown,
  rules: OpsRules = {},
): string | null {
  const bad = argsProblem(action, args);
  if (bad) return bad;
  const offered = s.attention?.actions ?? [];
  // While cancelling, only what the compensation itself asks for (e.g. skip past a vendor's refusal).
  if (CLOSED_STAGES.includes(s.stage) && !(s.stage === 'cancelling' && offered.includes(action)))
    return `the order is ${s.stage}`;
  switch (action) {
    case 'retry':
    case 'skip':
      if (!s.attention)
        return `${action} applies when the order needs attention; it is in stage ${s.stage} and needs none`;
      if (!offered.includes(action))
        return `${action} is not offered for "${s.attention.reason}"; choose one of ${offered.join(', ')}`;
      return null;
    case 'reroute': {
      if (offered.includes('reroute')) return null;
      const movable = reroutableAllocations(s);
      const id = (args as RerouteArgs | undefined)?.allocationId;
      if (s.stage !== 'awaiting_acceptance' || !movable.length) {
        return `reroute applies while partners are asked to accept or routing needs a person; the order is in stage ${s.stage}`;
      }
      if (id && !movable.some((a) => a.id === id))
        return `allocation ${id} cannot be rerouted; these can: ${movable.map((a) => a.id).join(', ')}`;
      return null;
    }
    case 'hold':
      if (s.opsHold) return `the order is already on hold since ${s.opsHold.since} (${s.opsHold.reason})`;
      if (s.stage === 'notifying') return 'everything has shipped; there is nothing left to hold';
      return null;
    case 'release':
      return s.opsHold ? null : 'the order is not on hold';
    case 'cancel':
      // Offered when a cancel crossed a shipment (or a step failed): it then withdraws only what has not shipped.
      if (offered.includes('cancel')) return null;
      if (s.allocations.some((a) => a.state === 'shipped' || a.shipped?.length)) {
        if (!rules.cancelsRemainder) return 'part of the order has shipped; cancel or refund the rest in Shopify';
        const unshipped = s.allocations.some(
          (a) => a.state !== 'shipped' && a.state !== 'rejected' && a.state !== 'cancelled',
        );
        if (!unshipped) return 'everything has shipped; settle the cancel as a return in Shopify';
      }
      return null;
  }
}

/**
 * What an 855 changes in our PO beyond quantities: ACK01 IC (accepted, changes
 * made), IP (price changed), IS (substitution made), and a unit of measure
 * other than the one we ordered (PO103 / ACK03, e.g. `PC` or `CA` for our
 * `EA`). None of these is a plain acceptance: a person decides.
 */
import type { Ack855 } from './po-ack-855';

export const CHANGE_STATUSES: Record<string, string> = {
  IC: 'accepted with changes',
  IP: 'price changed',
  IS: 'substitution made',
};

export function acknowledgmentChanges(ack: Ack855, orderedUnit = 'EA'): string[] {
  const out: string[] = [];
  for (const line of ack.lines) {
    const name = `line ${
      line.lineId ||
      Object.entries(line.productIds)
        .map(([q, v]) => `${q} ${v}`)
        .join(' ') ||
      `at segment ${line.segmentPosition}`
    }`;
    const changes = [...new Set(line.acks.map((a) => a.status).filter((s) => s in CHANGE_STATUSES))].map((s) => {
      if (s === 'IP' && line.unitPrice !== null) return `IP ${CHANGE_STATUSES[s]} (PO104 ${line.unitPrice})`;
      if (s === 'IS')
        return `IS ${CHANGE_STATUSES[s]} (${
          Object.entries(line.productIds)
            .map(([q, v]) => `${q} ${v}`)
            .join(', ') || 'no product ID'
        })`;
      return `${s} ${CHANGE_STATUSES[s]}`;
    });
    const units = [
      ...new Set([line.unit, ...line.acks.map((a) => a.unit)].filter((u) => u !== '' && u !== orderedUnit)),
    ];
    if (units.length) changes.push(`unit of measure ${units.join('/')} where we ordered ${orderedUnit}`);
    if (changes.length) out.push(`${name}: ${changes.join(', ')}`);
  }
  return out;
}

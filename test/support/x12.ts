/**
 * X12 documents as a vendor would send them, for tests: segments are given
 * without envelopes; the envelope (ISA/GS/ST..SE/GE/IEA) is counted here, with
 * a way to get a count wrong on purpose.
 */
export interface VendorEnvelope {
  sender: string;
  receiver?: string;
  /** GS03 when it differs from ISA08. */
  gsReceiver?: string;
  control: number;
  functionalId: 'PR' | 'SH' | 'FA' | 'IN' | 'IB';
  /** Added to SE01 (a wrong segment count). */
  seCountOffset?: number;
  /** ISA14: 1 asks for a TA1. */
  acknowledgmentRequested?: '0' | '1';
  /** ISA15: P production, T test. */
  usage?: 'P' | 'T';
  /** GS08, default 004010. */
  version?: string;
  /** The IEA as sent: a wrong group count, another control number, or none at all. */
  iea?: { count?: number; control?: string } | 'missing';
  /** Separators other vendors use: element, component, segment terminator and what follows it. */
  separators?: { element: string; component: string; segment: string; lineBreak: string };
}

const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n);

export function vendorInterchange(e: VendorEnvelope, sets: { id: string; segments: string[] }[]): string {
  const control = String(e.control).padStart(9, '0');
  const receiver = e.receiver ?? 'ORDERORCH';
  const out = [
    `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad(e.sender, 15)}*ZZ*${pad(receiver, 15)}*261123*1200*U*00401*${control}*${e.acknowledgmentRequested ?? '0'}*${e.usage ?? 'P'}*>`,
    `GS*${e.functionalId}*${e.sender}*${e.gsReceiver ?? receiver}*20261123*1200*${e.control}*X*${e.version ?? '004010'}`,
  ];
  sets.forEach((s, i) => {
    const st = String(i + 1).padStart(4, '0');
    out.push(`ST*${s.id}*${st}`, ...s.segments, `SE*${s.segments.length + 2 + (e.seCountOffset ?? 0)}*${st}`);
  });
  out.push(`GE*${sets.length}*${e.control}`);
  if (e.iea !== 'missing') out.push(`IEA*${e.iea?.count ?? 1}*${e.iea?.control ?? control}`);
  const seps = e.separators;
  if (!seps) return out.map((x) => `${x}~`).join('\n') + '\n';
  // Written with * and > above; the ISA keeps its fixed width whatever the separators.
  return (
    out.map((x) => x.replaceAll('*', seps.element).replace(/>$/, seps.component) + seps.segment).join(seps.lineBreak) +
    seps.lineBreak
  );
}

export function poAck855(
  po: string,
  lines: { lineId: string; sku: string; quantity: number; acks: [string, number][] }[],
  type = 'AC',
): { id: string; segments: string[] } {
  return {
    id: '855',
    segments: [
      `BAK*00*${type}*${po}*20261123`,
      ...lines.flatMap((l) => [
        `PO1*${l.lineId}*${l.quantity}*EA*15.00**SK*${l.sku}`,
        ...l.acks.map(([code, q]) => `ACK*${code}*${q}*EA`),
      ]),
      `CTT*${lines.length}`,
    ],
  };
}

export function shipNotice856(
  shipmentId: string,
  po: string,
  tracking: string,
  lines: { lineId: string; sku: string; quantity: number }[],
): { id: string; segments: string[] } {
  const items = lines.flatMap((l, i) => [`HL*${4 + i}*3*I`, `LIN*${l.lineId}*SK*${l.sku}`, `SN1**${l.quantity}*EA`]);
  return {
    id: '856',
    segments: [
      `BSN*00*${shipmentId}*20261123*1200*0001`,
      'HL*1**S',
      'TD5**2*UPSN*U*UPS GROUND',
      'HL*2*1*O',
      `PRF*${po}`,
      'HL*3*2*P',
      `REF*CN*${tracking}`,
      ...items,
      `CTT*${3 + lines.length}`,
    ],
  };
}

export function changeAck865(po: string, type: 'AC' | 'RJ', message?: string): { id: string; segments: string[] } {
  return { id: '865', segments: [`BCA*01*${type}*${po}**1*20261123`, ...(message ? [`MSG*${message}`] : [])] };
}

/** A vendor's 997 for one of our groups: accepted, or the group and its set rejected. */
export function functionalAck997(
  functionalId: string,
  groupControl: number,
  accepted: boolean,
): { id: string; segments: string[] } {
  return {
    id: '997',
    segments: [
      `AK1*${functionalId}*${groupControl}`,
      'AK2*850*0001',
      accepted ? 'AK5*A' : 'AK5*R*5',
      accepted ? 'AK9*A*1*1*1' : 'AK9*R*1*1*0',
    ],
  };
}

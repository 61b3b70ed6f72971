/**
 * Shared types of the X12 (004010) layer: separators, identities, the partner
 * profile and the parsed document model (interchange -> group -> transaction set
 * -> segments). Pure data; no behaviour here.
 */

/** The delimiters of one interchange. `lineBreak` is only used when writing. */
export interface Separators {
  /** Data element separator (ISA position 4, offset 3), e.g. `*` or `|`. */
  element: string;
  /** Component element separator (ISA16, offset 104), e.g. `>`, `^`, `:`. */
  component: string;
  /** Segment terminator (offset 105), e.g. `~` or a newline. */
  segment: string;
  /** Repetition separator (ISA11) — only from version 00402 on; `null` for 00401 where ISA11 is `U`. */
  repetition: string | null;
}

/** How we write: separators plus what follows each segment terminator. */
export interface OutboundSeparators {
  element: string;
  component: string;
  segment: string;
  /** Written after every segment terminator: '' (one line), '\n' or '\r\n'. */
  lineBreak: '' | '\n' | '\r\n';
}

export const DEFAULT_SEPARATORS: OutboundSeparators = { element: '*', component: '>', segment: '~', lineBreak: '\n' };

/** One party's envelope identity. */
export interface EdiIdentity {
  /** ISA05/ISA07 interchange ID qualifier, e.g. `ZZ` (mutually defined), `01` (DUNS), `12` (phone). */
  isaQualifier: string;
  /** ISA06/ISA08, at most 15 characters (padded on output). */
  isaId: string;
  /** GS02/GS03 application sender's/receiver's code. */
  gsApplicationCode: string;
}

/** Where tracking numbers live in a partner's 856. */
export type TrackingStyle =
  /** `REF*CN*<tracking>` at pack level (or at shipment level when there are no packs). */
  | 'REF_CN'
  /** `MAN*CP*<tracking>` (carrier-assigned package ID) at pack level. */
  | 'MAN_CP'
  /** `MAN*GM*<SSCC-18>` identifies the pack, `REF*2I*<tracking>` carries the tracking number. */
  | 'MAN_GM_REF_2I';

/**
 * The HL nesting a partner sends, top-down by level code (S shipment, O order,
 * P pack, I item). The reader builds the tree from HL01/HL02 whatever the shape;
 * the profile shape is checked and a mismatch is reported as a warning.
 *  - SOPI: shipment / order / pack / item (pick-and-pack)
 *  - SOI:  shipment / order / item (no packs; tracking at shipment level)
 *  - SOIP: shipment / order / item / pack (pack under item)
 *  - OSPI: order / shipment / pack / item (order on top)
 *  - OSI:  order / shipment / item
 */
export type HlHierarchy = 'SOPI' | 'SOI' | 'SOIP' | 'OSPI' | 'OSI';

/** Everything partner-specific the EDI layer needs. */
export interface PartnerEdiProfile {
  /** The partner's envelope identity (receiver of our 850/860/997, sender of their 855/856/997). */
  identity: EdiIdentity;
  tracking: TrackingStyle;
  hierarchy: HlHierarchy;
  /** When false, any rejected or backordered unit in an 855 rejects the whole PO. */
  allowPartialAcceptance: boolean;
  /** Backordered units (ACK IB, IH, ...) stay with the vendor, who ships them later, instead of being routed elsewhere. */
  keepBackorders?: boolean;
  /** How we write to this partner; defaults to `*`, `>`, `~` + '\n'. */
  separators?: Partial<OutboundSeparators>;
  /** ISA15 on what we send: P production (default) or T test. */
  usageIndicator?: 'P' | 'T';
}

/** One segment as read. `elements[0]` is the segment ID, `elements[n]` is element n (e.g. `BAK02` = elements[2]). */
export interface Segment {
  id: string;
  elements: string[];
  /** 1-based position inside its transaction set (ST = 1); for envelope segments (ISA/GS/GE/IEA), the position in the document. */
  position: number;
  /** 1-based line of the input where the segment starts. */
  line: number;
  /** Character offset of the segment in the input (after a BOM is removed). */
  offset: number;
}

export interface TransactionSet {
  /** ST01, e.g. `855`. */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST..SE inclusive (SE absent when the trailer is missing). */
  segments: Segment[];
  header: Segment;
  trailer: Segment | null;
  separators: Separators;
  /** Indexes (0-based) locating this set in the parse result. */
  interchangeIndex: number;
  groupIndex: number;
  transactionIndex: number;
  /** GS06 of the enclosing group and ISA13 of the enclosing interchange. */
  groupControlNumber: string;
  interchangeControlNumber: string;
}

export interface FunctionalGroup {
  /** GS01 functional identifier code, e.g. `PR` (855), `SH` (856), `FA` (997). */
  functionalId: string;
  /** GS02 application sender's code. */
  senderCode: string;
  /** GS03 application receiver's code. */
  receiverCode: string;
  /** GS04 (CCYYMMDD) and GS05 (HHMM[SS]). */
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS08, e.g. `004010`. */
  version: string;
  header: Segment;
  trailer: Segment | null;
  transactions: TransactionSet[];
  index: number;
}

export interface InterchangeHeader {
  authorizationQualifier: string;
  authorizationInfo: string;
  securityQualifier: string;
  securityInfo: string;
  senderQualifier: string;
  /** ISA06 without its padding. */
  senderId: string;
  receiverQualifier: string;
  /** ISA08 without its padding. */
  receiverId: string;
  /** ISA09 YYMMDD, ISA10 HHMM. */
  date: string;
  time: string;
  /** ISA11: `U` in 00401, the repetition separator from 00402 on. */
  standardsId: string;
  /** ISA12, e.g. `00401`. */
  version: string;
  /** ISA13 (9 digits, as written). */
  controlNumber: string;
  /** ISA14 `0`/`1`. */
  acknowledgmentRequested: string;
  /** ISA15 `P`/`T`. */
  usageIndicator: string;
}

export interface Interchange {
  header: InterchangeHeader;
  isa: Segment;
  iea: Segment | null;
  separators: Separators;
  /** TA1 segments (interchange acknowledgments) between ISA and the first GS. */
  ta1s: Segment[];
  groups: FunctionalGroup[];
  index: number;
}

/**
 * ASC X12 004010 layer for drop-ship vendors. Pure functions: no I/O, no clock.
 *
 *   parseX12(text)                      -> interchanges/groups/sets + typed errors (or unreadable)
 *   read855 / read856 / read997(set)    -> typed documents + AK3/AK4-coded errors
 *   acknowledgmentDecision(ack, profile, orderedLines)
 *   build997(interchange, errors, opts) -> our TA1 (ISA14 = 1, or a rejected interchange) and 997 for every inbound group
 *   build850 / build860(doc, envelope)  -> X12 text
 *
 * Inbound flow (per POST of raw X12):
 *   const parsed = parseX12(body);
 *   if (!parsed.readable) -> HTTP 400 with parsed.reason (no 997 is possible)
 *   for each transaction set: read855 / read856 / read997 -> collect `errors`
 *   for each interchange: build997(interchange, parsed.errors, { control, date, additionalErrors })
 *     -> send `text` (when not null); act only on `acceptedSets` (none when the interchange is
 *        rejected whole; sets rejected in the 997 will be resent)
 */
export type {
  EdiIdentity,
  FunctionalGroup,
  HlHierarchy,
  Interchange,
  InterchangeHeader,
  OutboundSeparators,
  PartnerEdiProfile,
  Segment,
  Separators,
  TrackingStyle,
  TransactionSet,
} from './types';
export { DEFAULT_SEPARATORS } from './types';
export { AK3_CODES, AK4_CODES, AK5_CODES, AK9_CODES, TA1_CODES, ackSegmentFor } from './errors';
export type { Ak3Code, Ak4Code, Ak5Code, Ak9Code, EdiError, EdiErrorLevel, EdiLocation, Ta1Code } from './errors';
export { parseX12, transactionSets, errorsOf } from './interchange';
export type { ParseResult } from './interchange';
export type { ReadResult } from './reading';
export { envelopeFor } from './writer';
export type { OutboundEnvelope } from './writer';
export { build997, interchangeVerdict } from './build-997';
export type {
  Build997Options,
  Built997,
  GroupAcknowledgment,
  InterchangeVerdict,
  SetAcknowledgment,
} from './build-997';
export { shipmentCarrier, KNOWN_CARRIERS } from './carriers';
export type { ShipmentCarrier } from './carriers';
export { read997, acknowledgedStatus } from './read-997';
export type { Ack997, AcknowledgedSet } from './read-997';
export { build850 } from './build-850';
export type { Address, PurchaseOrder, PurchaseOrderLine } from './build-850';
export { read855 } from './po-ack-855';
export type { Ack855, Ack855Line, AcknowledgmentType, LineAck } from './po-ack-855';
export { acknowledgmentDecision, LINE_STATUS_DISPOSITION } from './ack-decision';
export { acknowledgmentChanges } from './ack-changes';
export type { AcknowledgmentDecision, LineDecision, OrderedLine, UnitDisposition } from './ack-decision';
export { read856 } from './ship-notice-856';
export type { Asn856, Asn856Line, Asn856Order, Asn856Package, Carrier } from './ship-notice-856';
export { build860 } from './build-860';
export type { LineChange, LineChangeType, PurchaseOrderChange } from './build-860';
export { read865 } from './po-change-ack-865';
export { read810 } from './invoice-810';
export { read846 } from './inventory-846';
export type { InventoryAdvice846, InventoryAdviceItem } from './inventory-846';
export type { Invoice810, Invoice810Line } from './invoice-810';
export type { ChangeAck865 } from './po-change-ack-865';

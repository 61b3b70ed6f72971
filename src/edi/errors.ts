/**
 * Typed EDI errors. Every error says where it happened and which X12
 * acknowledgment code it maps to:
 *  - level `interchange`: a TA1 interchange note code (TA105, 3 digits)
 *  - level `group`:       an AK9 functional group syntax error code (AK905..)
 *  - level `transaction`: an AK5 transaction set syntax error code (AK502..)
 *  - level `segment`:     an AK3 segment syntax error code (AK304)
 *  - level `element`:     an AK4 data element syntax error code (AK403)
 */
import type { TransactionSet } from './types';

/** TA105 interchange note codes we use. */
export const TA1_CODES = {
  '000': 'No error',
  '001': 'The Interchange Control Number in the Header and Trailer Do Not Match',
  '004': 'Invalid Segment Terminator',
  '005': 'Invalid Interchange ID Qualifier for Sender',
  '006': 'Invalid Interchange Sender ID',
  '007': 'Invalid Interchange ID Qualifier for Receiver',
  '008': 'Invalid Interchange Receiver ID',
  '014': 'Invalid Interchange Date Value',
  '015': 'Invalid Interchange Time Value',
  '017': 'Invalid Interchange Version ID Value',
  '018': 'Invalid Interchange Control Number Value',
  '019': 'Invalid Acknowledgment Requested Value',
  '020': 'Invalid Test Indicator Value',
  '021': 'Invalid Number of Included Groups Value',
  '022': 'Invalid Control Structure',
  '023': 'Improper (Premature) End-of-File (Transmission)',
  '024': 'Invalid Interchange Content (e.g., Invalid GS Segment)',
  '026': 'Invalid Data Element Separator',
  '027': 'Invalid Component Element Separator',
} as const;

/** AK905 functional group syntax error codes. */
export const AK9_CODES = {
  '1': 'Functional Group Not Supported',
  '2': 'Functional Group Version Not Supported',
  '3': 'Functional Group Trailer Missing',
  '4': 'Group Control Number in the Functional Group Header and Trailer Do Not Agree',
  '5': 'Number of Included Transaction Sets Does Not Match Actual Count',
  '6': 'Group Control Number Violates Syntax',
} as const;

/** AK502 transaction set syntax error codes. */
export const AK5_CODES = {
  '1': 'Transaction Set Not Supported',
  '2': 'Transaction Set Trailer Missing',
  '3': 'Transaction Set Control Number in Header and Trailer Do Not Match',
  '4': 'Number of Included Segments Does Not Match Actual Count',
  '5': 'One or More Segments in Error',
  '6': 'Missing or Invalid Transaction Set Identifier',
  '7': 'Missing or Invalid Transaction Set Control Number',
  '23': 'Transaction Set Control Number Not Unique within the Functional Group',
} as const;

/** AK304 segment syntax error codes. */
export const AK3_CODES = {
  '1': 'Unrecognized segment ID',
  '2': 'Unexpected segment',
  '3': 'Mandatory segment missing',
  '4': 'Loop Occurs Over Maximum Times',
  '5': 'Segment Exceeds Maximum Use',
  '6': 'Segment Not in Defined Transaction Set',
  '7': 'Segment Not in Proper Sequence',
  '8': 'Segment Has Data Element Errors',
} as const;

/** AK403 data element syntax error codes. */
export const AK4_CODES = {
  '1': 'Mandatory data element missing',
  '2': 'Conditional required data element missing',
  '3': 'Too many data elements',
  '4': 'Data element too short',
  '5': 'Data element too long',
  '6': 'Invalid character in data element',
  '7': 'Invalid code value',
  '8': 'Invalid Date',
  '9': 'Invalid Time',
  '10': 'Exclusion Condition Violated',
} as const;

export type Ta1Code = keyof typeof TA1_CODES;
export type Ak9Code = keyof typeof AK9_CODES;
export type Ak5Code = keyof typeof AK5_CODES;
export type Ak3Code = keyof typeof AK3_CODES;
export type Ak4Code = keyof typeof AK4_CODES;

/** Where an error happened. Indexes are 0-based into the parse result; positions are X12's 1-based ones. */
export interface EdiLocation {
  interchangeIndex?: number;
  /** ISA13. */
  interchangeControlNumber?: string;
  groupIndex?: number;
  /** GS06. */
  groupControlNumber?: string;
  transactionIndex?: number;
  /** ST02 and ST01. */
  transactionControlNumber?: string;
  transactionSetId?: string;
  /** Segment position within the transaction set (ST = 1). */
  segmentPosition?: number;
  segmentId?: string;
  /** Element position within the segment (1-based) and component position within a composite. */
  elementPosition?: number;
  componentPosition?: number;
  /** The offending value, when there is one. */
  value?: string;
  /** 1-based line of the input. */
  line?: number;
}

interface ErrorBase {
  message: string;
  at: EdiLocation;
  /** `warning`: noted (997 AK5 `E`, accepted with errors); `error`: the set or group is rejected. */
  severity: 'error' | 'warning';
}

export type EdiError =
  | (ErrorBase & { level: 'interchange'; code: Ta1Code })
  | (ErrorBase & { level: 'group'; code: Ak9Code })
  | (ErrorBase & { level: 'transaction'; code: Ak5Code })
  | (ErrorBase & { level: 'segment'; code: Ak3Code })
  | (ErrorBase & { level: 'element'; code: Ak4Code });

export type EdiErrorLevel = EdiError['level'];

/** The acknowledgment segment an error feeds into. */
export function ackSegmentFor(level: EdiErrorLevel): 'TA1' | 'AK9' | 'AK5' | 'AK3' | 'AK4' {
  return ({ interchange: 'TA1', group: 'AK9', transaction: 'AK5', segment: 'AK3', element: 'AK4' } as const)[level];
}

/** The location of a whole transaction set (interchange, group and set). */
export function transactionLocation(tx: TransactionSet): EdiLocation {
  return {
    interchangeIndex: tx.interchangeIndex,
    interchangeControlNumber: tx.interchangeControlNumber,
    groupIndex: tx.groupIndex,
    groupControlNumber: tx.groupControlNumber,
    transactionIndex: tx.transactionIndex,
    transactionControlNumber: tx.controlNumber,
    transactionSetId: tx.id,
  };
}

/** "BAK02" style name for an element of a segment. */
export function elementName(segmentId: string, position: number, component?: number): string {
  const base = `${segmentId}${String(position).padStart(2, '0')}`;
  return component === undefined ? base : `${base}-${String(component).padStart(2, '0')}`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseX12,
  transactionSets,
  type ParseResult,
  type PartnerEdiProfile,
  type TransactionSet,
} from '../../../src/edi';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'edi');

/** A fixture file as written (BOM, CRLF and all). */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function readable(result: ParseResult): Extract<ParseResult, { readable: true }> {
  if (!result.readable) throw new Error(`expected a readable document: ${result.reason}`);
  return result;
}

/** Parse a fixture that must be clean and return its only transaction set. */
export function onlySet(name: string): TransactionSet {
  const parsed = readable(parseX12(fixture(name)));
  expectNoErrors(parsed);
  const sets = transactionSets(parsed);
  if (sets.length !== 1) throw new Error(`${name}: expected one transaction set, got ${sets.length}`);
  return sets[0]!;
}

export function expectNoErrors(parsed: ParseResult): void {
  if (parsed.errors.length) throw new Error(`unexpected errors: ${parsed.errors.map((e) => e.message).join('; ')}`);
}

export const US = { isaQualifier: 'ZZ', isaId: 'ORDERORCH', gsApplicationCode: 'ORDERORCH' };

export const ACME: PartnerEdiProfile = {
  identity: { isaQualifier: 'ZZ', isaId: 'ACMEDROPSHIP', gsApplicationCode: 'ACMEDROPSHIP' },
  tracking: 'REF_CN',
  hierarchy: 'SOPI',
  allowPartialAcceptance: true,
};

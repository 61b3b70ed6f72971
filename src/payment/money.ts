/**
 * Exact money arithmetic in integer minor units (bigint), from and to the
 * decimal strings Shopify uses. No floating point touches an amount.
 */
const ZERO_DECIMAL = new Set([
  'JPY',
  'KRW',
  'VND',
  'CLP',
  'ISK',
  'UGX',
  'XAF',
  'XOF',
  'PYG',
  'RWF',
  'KMF',
  'GNF',
  'VUV',
  'XPF',
  'BIF',
  'DJF',
]);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function decimalsOf(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** "12.5" USD -> 1250n. Rejects anything that is not a plain decimal. */
export function toMinor(amount: string, currency: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`Not a decimal amount: ${amount}`);
  const d = decimalsOf(currency);
  const frac = (m[3] ?? '').padEnd(d, '0');
  if (frac.length > d && /[1-9]/.test(frac.slice(d)))
    throw new Error(`${amount} has more precision than ${currency} allows`);
  const value = BigInt(m[2]!) * 10n ** BigInt(d) + BigInt(frac.slice(0, d) || '0');
  return m[1] ? -value : value;
}

/** 1250n USD -> "12.50". */
export function fromMinor(minor: bigint, currency: string): string {
  const d = decimalsOf(currency);
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (d === 0) return `${neg ? '-' : ''}${abs}`;
  const s = abs.toString().padStart(d + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}

export function sumMinor(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

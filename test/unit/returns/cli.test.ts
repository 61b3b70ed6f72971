import { describe, expect, it } from 'vitest';
import { parseCommand, returnRequest, UsageError } from '../../../src/ops/cli';

describe('npm run ops -- return', () => {
  it('reads lines, reason and a store, with a request id that names the order and lines', () => {
    const cmd = parseCommand([
      'return',
      '#1001',
      '--lines',
      'TEE=1,MUG=2',
      '--reason',
      'DEFECTIVE',
      '--in-store',
      'gid://shopify/Location/7',
    ]);
    expect(cmd).toMatchObject({ command: 'return', order: '#1001' });
    expect(returnRequest('s.myshopify.com', '42', cmd.flags)).toEqual({
      shopDomain: 's.myshopify.com',
      requestId: 'cli-42-TEEx1-MUGx2',
      orderId: '42',
      lines: [
        { sku: 'TEE', quantity: 1, reason: 'DEFECTIVE' },
        { sku: 'MUG', quantity: 2, reason: 'DEFECTIVE' },
      ],
      inStoreLocationId: 'gid://shopify/Location/7',
    });
  });

  it('reads replacements (an exchange), which name the request too', () => {
    const cmd = parseCommand(['return', '#1001', '--lines', 'TEE=1', '--exchange', 'MUG=1']);
    expect(returnRequest('s', '42', cmd.flags)).toEqual({
      shopDomain: 's',
      requestId: 'cli-42-TEEx1-for-MUGx1',
      orderId: '42',
      lines: [{ sku: 'TEE', quantity: 1 }],
      exchanges: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(() =>
      returnRequest('s', '1', parseCommand(['return', '#1', '--lines', 'TEE=1', '--exchange', 'MUG']).flags),
    ).toThrow(/--exchange MUG: write SKU=N/);
  });

  it('refuses what it cannot read, saying how to write it', () => {
    const flags = (f: string[]) => parseCommand(['return', '#1001', ...f]).flags;
    expect(() => returnRequest('s', '1', flags([]))).toThrow(/needs --lines/);
    expect(() => returnRequest('s', '1', flags(['--lines', 'TEE=0']))).toThrow(UsageError);
    expect(() => returnRequest('s', '1', flags(['--lines', 'TEE=1', '--in-store', 'Brooklyn']))).toThrow(
      /Location GID/,
    );
  });
});

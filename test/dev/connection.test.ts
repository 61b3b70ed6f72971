import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from '../../src/temporal/connection';

describe('temporalConnectionOptions', () => {
  it('is plain for a dev server', () => {
    expect(temporalConnectionOptions({ address: '127.0.0.1:7233', namespace: 'default' })).toEqual({
      address: '127.0.0.1:7233',
    });
  });

  it('turns on TLS and sends the namespace header with an API key (Temporal Cloud)', () => {
    expect(
      temporalConnectionOptions({
        address: 'us-east-1.aws.api.temporal.io:7233',
        namespace: 'shop.a1b2c',
        apiKey: 'k',
      }),
    ).toEqual({
      address: 'us-east-1.aws.api.temporal.io:7233',
      tls: true,
      apiKey: 'k',
      metadata: { 'temporal-namespace': 'shop.a1b2c' },
    });
  });

  it('reads an mTLS client certificate pair from files, with an SNI override', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oo-tls-'));
    writeFileSync(path.join(dir, 'c.pem'), 'CERT');
    writeFileSync(path.join(dir, 'k.pem'), 'KEY');
    const o = temporalConnectionOptions({
      address: 'x:7233',
      namespace: 'n',
      tlsCertPath: path.join(dir, 'c.pem'),
      tlsKeyPath: path.join(dir, 'k.pem'),
      tlsServerName: 'srv',
    });
    expect(o.tls).toEqual({
      serverNameOverride: 'srv',
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
    expect(() =>
      temporalConnectionOptions({ address: 'x:7233', namespace: 'n', tlsCertPath: path.join(dir, 'c.pem') }),
    ).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/);
    expect(() =>
      temporalConnectionOptions({ address: 'x:7233', namespace: 'n', tlsCertPath: '/nope', tlsKeyPath: '/nope' }),
    ).toThrow(/TEMPORAL_TLS_CERT=\/nope cannot be read/);
  });
});

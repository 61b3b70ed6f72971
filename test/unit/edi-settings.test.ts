import { describe, expect, it } from 'vitest';
import { transportSettings } from '../../src/partner/edi-settings';

const problems = (v: unknown) => {
  const r = transportSettings.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('EDI transport settings', () => {
  it('keeps the existing shapes and adds an optional inbound folder to either kind', () => {
    expect(transportSettings.parse({ kind: 'http', url: 'https://edi.acme.example/inbound' })).toEqual({
      kind: 'http',
      url: 'https://edi.acme.example/inbound',
    });
    expect(transportSettings.parse({ kind: 'folder', path: '/edi/acme/out-to-vendor' })).toEqual({
      kind: 'folder',
      path: '/edi/acme/out-to-vendor',
    });
    expect(
      transportSettings.parse({ kind: 'folder', path: '/edi/acme/out-to-vendor', inbound: '/edi/acme/in-from-vendor' }),
    ).toEqual({
      kind: 'folder',
      path: '/edi/acme/out-to-vendor',
      inbound: '/edi/acme/in-from-vendor',
    });
    expect(
      transportSettings.parse({
        kind: 'http',
        url: 'https://edi.acme.example/inbound',
        inbound: '/edi/acme/in-from-vendor',
      }),
    ).toMatchObject({ inbound: '/edi/acme/in-from-vendor' });
    // A subfolder of the outbound folder is a different folder.
    expect(problems({ kind: 'folder', path: '/edi/acme', inbound: '/edi/acme/in' })).toEqual([]);
  });

  it('refuses with messages that say what is expected', () => {
    expect(problems({ kind: 'folder', path: '/edi/acme/out', inbound: '' })).toEqual([
      'inbound: a folder path such as /edi/acme/in-from-vendor',
    ]);
    expect(problems({ kind: 'http', url: 'https://edi.acme.example/inbound', inbound: 42 })).toEqual([
      'inbound: a folder path such as /edi/acme/in-from-vendor',
    ]);
    expect(problems({ kind: 'folder', path: '/edi/acme/out', inbound: '/edi/acme/out/' })).toEqual([
      'inbound: inbound must be a different folder from path (our own 850s, 860s and 997s are written to path)',
    ]);
    expect(problems({ kind: 'folder', path: '' })).toEqual(['path: a folder path such as /edi/acme/out-to-vendor']);
    expect(problems({ kind: 'http', url: 'not a url' })).toEqual([
      'url: a URL such as https://edi.acme.example/inbound',
    ]);
    expect(problems({ kind: 'http' })).toEqual(['url: a URL such as https://edi.acme.example/inbound']);
    expect(problems({ kind: 'sftp', path: '/edi' })).toEqual([
      'kind: kind must be "http" (with url) or "folder" (with path)',
    ]);
    expect(problems({ inbound: '/edi/in' })).toEqual(['kind: kind must be "http" (with url) or "folder" (with path)']);
  });
});

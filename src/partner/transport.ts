import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TransportSettings } from './edi-settings';

/**
 * Delivering a document to a partner: POSTed raw to its URL, or written to its
 * drop folder (to a hidden temporary name, then renamed, so a poller never
 * reads half a file). A 4xx is permanent (the partner refuses the document);
 * 5xx, 429 and network errors are worth a retry.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  readonly permanent = true;
}

export async function deliver(
  t: TransportSettings,
  doc: { filename: string; body: string; contentType: string; idempotencyKey: string },
) {
  if (t.kind === 'folder') {
    await mkdir(t.path, { recursive: true });
    const target = path.join(t.path, doc.filename);
    const temp = path.join(t.path, `.${doc.filename}.tmp`);
    await writeFile(temp, doc.body, 'utf8');
    await rename(temp, target);
    return { delivered: target };
  }
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': doc.contentType, 'idempotency-key': doc.idempotencyKey, 'x-filename': doc.filename },
    body: doc.body,
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status >= 500 || res.status === 429) throw new Error(`POST ${t.url} answered ${res.status}`);
  if (res.status >= 400) throw new PermanentDeliveryError(`POST ${t.url} refused the document with ${res.status}`);
  return { delivered: t.url };
}

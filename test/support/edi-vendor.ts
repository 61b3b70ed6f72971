import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A vendor's end of EDI for tests: an HTTP listener that keeps every document
 * the engine sends (850, 860, 997), and posting the vendor's X12 to the gateway.
 */
export class DocumentListener {
  readonly received: { filename: string; body: string }[] = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ filename: String(req.headers['x-filename']), body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/edi`;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The first document whose file name starts with `prefix` (850-, 860-, 997-) and whose body contains `containing`. */
  async waitFor(prefix: string, containing: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const doc = this.received.find((d) => d.filename.startsWith(prefix) && d.body.includes(containing));
      if (doc) return doc;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `no ${prefix} containing ${containing}; received ${this.received.map((d) => d.filename).join(', ')}`,
    );
  }
}

/** POST raw X12 to /partners/{id}/edi as the vendor. */
export async function postEdi(gatewayUrl: string, partnerId: string, token: string, body: string) {
  const res = await fetch(`${gatewayUrl}/partners/${partnerId}/edi`, {
    method: 'POST',
    headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

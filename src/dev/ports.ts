import { createServer } from 'node:net';

/**
 * A TCP port free on `host` right now, chosen by the OS. Another process may
 * take it before the caller binds it; callers that can bind port 0 themselves
 * should do that instead.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

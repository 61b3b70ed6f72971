import { readFileSync } from 'node:fs';

/**
 * Connection options shared by the client (Connection) and the worker
 * (NativeConnection): plain for a dev server, an API key (Temporal Cloud) or
 * mTLS client certificate files for a secured cluster.
 */
export interface TemporalSettings {
  address: string;
  namespace: string;
  apiKey?: string;
  tlsCertPath?: string;
  tlsKeyPath?: string;
  tlsServerName?: string;
}

export function temporalConnectionOptions(s: TemporalSettings) {
  if (s.tlsCertPath || s.tlsKeyPath) {
    if (!s.tlsCertPath || !s.tlsKeyPath) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
    return {
      address: s.address,
      tls: { serverNameOverride: s.tlsServerName, clientCertPair: { crt: readFileSync(s.tlsCertPath), key: readFileSync(s.tlsKeyPath) } },
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    };
  }
  if (s.apiKey) return { address: s.address, tls: true, apiKey: s.apiKey, metadata: { 'temporal-namespace': s.namespace } };
  return { address: s.address };
}

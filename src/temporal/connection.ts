import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';

/**
 * How to reach Temporal: plain for a dev server, an API key (Temporal Cloud)
 * or mTLS client-certificate files (Temporal Cloud mTLS or a secured cluster).
 */
export interface TemporalSettings {
  /** host:port (TEMPORAL_ADDRESS). */
  address: string;
  /** TEMPORAL_NAMESPACE. */
  namespace: string;
  /** PEM client certificate file (TEMPORAL_TLS_CERT); with tlsKeyPath. */
  tlsCertPath?: string;
  /** PEM private key file (TEMPORAL_TLS_KEY); with tlsCertPath. */
  tlsKeyPath?: string;
  /** SNI / host-name check override, for a proxy or a certificate issued to another name. */
  tlsServerName?: string;
  /** Temporal Cloud API key (TEMPORAL_API_KEY): implies TLS. */
  apiKey?: string;
}

/**
 * The options both `Connection.connect` (@temporalio/client) and
 * `NativeConnection.connect` (@temporalio/worker) accept: only fields the two
 * share, with apiKey a plain string (NativeConnection does not take a function).
 */
export type TemporalConnectionOptions = Pick<ConnectionOptions, 'address' | 'tls' | 'metadata'> & { apiKey?: string };

export function temporalConnectionOptions(s: TemporalSettings): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: s.address };
  if (s.tlsCertPath || s.tlsKeyPath) {
    if (!s.tlsCertPath || !s.tlsKeyPath) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
    options.tls = {
      ...(s.tlsServerName ? { serverNameOverride: s.tlsServerName } : {}),
      clientCertPair: {
        crt: readFile(s.tlsCertPath, 'TEMPORAL_TLS_CERT'),
        key: readFile(s.tlsKeyPath, 'TEMPORAL_TLS_KEY'),
      },
    };
  }
  if (s.apiKey) {
    // Temporal Cloud with an API key: TLS on (the SDK sends "Authorization: Bearer <key>"),
    // and the namespace in the `temporal-namespace` header, which Cloud uses to route
    // requests arriving on a regional (non-namespace) endpoint.
    options.tls ??= s.tlsServerName ? { serverNameOverride: s.tlsServerName } : true;
    options.apiKey = s.apiKey;
    options.metadata = { 'temporal-namespace': s.namespace };
  }
  return options;
}

function readFile(file: string, name: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(
      `${name}=${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      { cause: err },
    );
  }
}

/** A Client on the settings' namespace; close it with `client.connection.close()`. */
export async function connectClient(s: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(s));
  return new Client({ connection, namespace: s.namespace });
}

/**
 * The server's TLS identity: `--cert/--key` when given, else a self-signed
 * certificate generated on first start and kept in `<data-dir>/local/`
 * (node-local, like the reference's pve-ssl.pem). Clients pin it by its
 * SHA-256 fingerprint (`weft … --fingerprint`), printed at start.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 fingerprint, `AA:BB:…` */
  readonly fingerprint: string;
  readonly generated: boolean;
}

/**
 * What the server speaks: TLS 1.3 with OpenSSL's suites (all AEAD), TLS 1.2
 * only with forward-secret AEAD suites (ECDHE with AES-GCM or
 * ChaCha20-Poly1305): no CBC (Lucky13-style padding oracles), no RSA key
 * exchange, nothing older than 1.2.
 */
export const TLS_SERVER_OPTIONS = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_AES_128_GCM_SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
  ].join(':'),
  honorCipherOrder: true,
} as const;

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function loadTls(dataDir: string, certFile?: string, keyFile?: string): Promise<TlsIdentity> {
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new Error('give both --cert and --key, or neither (a self-signed certificate is generated)');
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert), generated: false };
  }
  const certPath = join(dataDir, 'local', 'weft-ssl.pem');
  const keyPath = join(dataDir, 'local', 'weft-ssl.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), fingerprint: fingerprintOf(cert), generated: false };
  }
  const name = hostname();
  // certificate generation pulls in a crypto library: loaded only when a certificate must be made
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  writeFileAtomic(keyPath, pems.private, 0o600);
  writeFileAtomic(certPath, pems.cert, 0o644);
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert), generated: true };
}

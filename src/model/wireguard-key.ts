/**
 * WireGuard keys: Curve25519 key pairs in base64, as `wg genkey` / `wg pubkey`
 * write them. Deriving the public key is pure; generation (randomness) lives
 * in the key store.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';

/** PKCS#8 header of a raw X25519 private key (RFC 8410): DER wrapping for node:crypto. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** Curve25519 clamping, as `wg genkey` applies it (RFC 7748 §5). */
export function clampPrivateKey(bytes: Uint8Array): Buffer {
  const k = Buffer.from(bytes);
  k[0] = (k[0] ?? 0) & 248;
  k[31] = ((k[31] ?? 0) & 127) | 64;
  return k;
}

/** The public key of a base64 private key (`wg pubkey`). */
export function wireguardPublicKey(privateKey: string): string {
  const raw = Buffer.from(privateKey, 'base64');
  if (raw.length !== 32) throw new Error('a WireGuard private key is 32 bytes in base64');
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}

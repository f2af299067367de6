/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) and the
 * `otpauth://totp/…` URI authenticator apps share (the secret in base32,
 * optional algorithm, digits and period), which is what a TOTP entry keeps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Totp {
  readonly secret: Buffer;
  readonly algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  readonly digits: number;
  /** seconds per step */
  readonly period: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case-insensitive, padding optional); null when it is not base32. */
export function decodeBase32(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/=+$/, '');
  if (clean === '' || !/^[A-Z2-7]+$/.test(clean)) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    value = (value << 5) | BASE32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** An `otpauth://totp/LABEL?secret=…` URI; throws naming what is wrong. */
export function parseTotpUri(uri: string): Totp {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new Error('not an otpauth URI');
  }
  if (url.protocol !== 'otpauth:' || url.host !== 'totp') throw new Error("not an 'otpauth://totp/' URI");
  const secret = decodeBase32(url.searchParams.get('secret') ?? '');
  if (!secret || secret.length < 10) throw new Error('the secret must be base32 of at least 10 bytes');
  const algorithm = (url.searchParams.get('algorithm') ?? 'SHA1').toUpperCase();
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') throw new Error(`unsupported algorithm '${algorithm}'`);
  const digits = Number(url.searchParams.get('digits') ?? 6);
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new Error('digits must be 6 to 8');
  const period = Number(url.searchParams.get('period') ?? 30);
  if (!Number.isInteger(period) || period < 1 || period > 3600) throw new Error('period must be 1 to 3600 seconds');
  return { secret, algorithm, digits, period };
}

/** The code for time step `step` (RFC 4226 dynamic truncation). */
export function totpCode(t: Totp, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(t.algorithm.toLowerCase(), t.secret).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** t.digits).padStart(t.digits, '0');
}

export const currentStep = (t: Totp, nowS: number): number => Math.floor(nowS / t.period);

/**
 * The step a code is valid for — the current one or one either side (a
 * clock off by a step) — and newer than `after`, so a code is used once;
 * null when it matches none.
 */
export function matchingStep(t: Totp, code: string, nowS: number, after: number): number | null {
  const now = currentStep(t, nowS);
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(totpCode(t, step));
    const given = Buffer.from(code);
    if (step > after && given.length === expected.length && timingSafeEqual(given, expected)) return step;
  }
  return null;
}

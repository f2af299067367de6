/** TOTP against RFC 6238's test vectors, the otpauth URI's checks, and the one-use window. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { currentStep, decodeBase32, matchingStep, parseTotpUri, totpCode, type Totp } from '../../src/auth/totp.js';

const rfc = (secret: string, algorithm: Totp['algorithm']): Totp => ({ secret: Buffer.from(secret), algorithm, digits: 8, period: 30 });

test("RFC 6238 appendix B's codes for SHA1, SHA256 and SHA512", () => {
  const sha1 = rfc('12345678901234567890', 'SHA1');
  const sha256 = rfc('12345678901234567890123456789012', 'SHA256');
  const sha512 = rfc('1234567890123456789012345678901234567890123456789012345678901234', 'SHA512');
  const cases: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1234567890, '89005924', '91819424', '93441116'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [time, a, b, c] of cases) {
    assert.deepEqual([totpCode(sha1, currentStep(sha1, time)), totpCode(sha256, currentStep(sha256, time)), totpCode(sha512, currentStep(sha512, time))], [a, b, c], `T=${time}`);
  }
});

test('otpauth URIs: base32 secret, algorithm, digits, period', () => {
  const t = parseTotpUri('otpauth://totp/Weft:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Weft');
  assert.deepEqual(t, { secret: Buffer.from('12345678901234567890'), algorithm: 'SHA1', digits: 6, period: 30 });
  assert.equal(totpCode(t, currentStep(t, 59)), '287082', 'six digits: the last six of the RFC code');
  assert.deepEqual(decodeBase32('gezdgnbv'), Buffer.from('12345'));
  assert.equal(decodeBase32('not base32!'), null);
  for (const [uri, why] of [
    ['https://example/?secret=GEZDGNBVGY3TQOJQ', /otpauth/],
    ['otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBV', /totp/],
    ['otpauth://totp/x?secret=GEZDGNBV', /at least 10 bytes/],
    ['otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBV&algorithm=MD5', /MD5/],
    ['otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBV&digits=4', /digits/],
  ] as const) {
    assert.throws(() => parseTotpUri(uri), why, uri);
  }
});

test('a code counts for the current step or one either side, and only after the last step used', () => {
  const t = parseTotpUri('otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  const now = 1_700_000_000;
  const step = currentStep(t, now);
  assert.equal(matchingStep(t, totpCode(t, step), now, -1), step);
  assert.equal(matchingStep(t, totpCode(t, step - 1), now, -1), step - 1);
  assert.equal(matchingStep(t, totpCode(t, step + 1), now, -1), step + 1);
  assert.equal(matchingStep(t, totpCode(t, step + 2), now, -1), null, 'two steps ahead');
  assert.equal(matchingStep(t, totpCode(t, step), now, step), null, 'the step was used');
  assert.equal(matchingStep(t, '12345', now, -1), null);
});

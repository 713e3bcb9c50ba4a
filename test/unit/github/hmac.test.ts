import { describe, expect, it } from '@jest/globals';
import { GLOBAL_HMAC_KEY, parseHmacSecrets, sign, tokensFor, verifySignature } from '../../../src/github/hmac.js';

describe('HMAC secrets', () => {
  it('reads a plain token as the global token', () => {
    const s = parseHmacSecrets('abcde12345\n');
    expect(s.get(GLOBAL_HMAC_KEY)).toEqual(['abcde12345']);
    expect(tokensFor(s, 'any/repo')).toEqual(['abcde12345']);
  });

  it('reads the YAML map and picks the most specific entry', () => {
    const s = parseHmacSecrets(`
'*':
  - value: global-token-1
    created_at: 2020-01-01T00:00:00Z
org1:
  - value: org1-old-token
    created_at: 2020-01-01T00:00:00Z
  - value: org1-new-token
    created_at: 2021-01-01T00:00:00Z
org1/repo1:
  - value: repo1-token-x
    created_at: 2020-01-01T00:00:00Z
`);
    expect(tokensFor(s, 'org1/repo1')).toEqual(['repo1-token-x']);
    expect(tokensFor(s, 'org1/other')).toEqual(['org1-old-token', 'org1-new-token']);
    expect(tokensFor(s, 'org1')).toEqual(['org1-old-token', 'org1-new-token']);
    expect(tokensFor(s, 'org2/x')).toEqual(['global-token-1']);
    expect(tokensFor(s, undefined)).toEqual(['global-token-1']);
  });

  it('rejects a map entry without a value', () => {
    expect(() => parseHmacSecrets("org:\n  - created_at: 2020-01-01T00:00:00Z\n")).toThrow(/no value/);
    expect(() => parseHmacSecrets('   ')).toThrow(/empty/);
  });

  it('accepts either token during rotation, in sha256 and sha1 formats, and nothing else', () => {
    const body = Buffer.from('{"zen":"hi"}');
    const tokens = ['old-secret-1', 'new-secret-2'];
    expect(verifySignature(body, sign(body, 'old-secret-1'), tokens, 'sha256')).toBe(true);
    expect(verifySignature(body, sign(body, 'new-secret-2', 'sha1'), tokens, 'sha1')).toBe(true);
    expect(verifySignature(body, sign(body, 'other-secret'), tokens, 'sha256')).toBe(false);
    expect(verifySignature(Buffer.from('{"zen":"ho"}'), sign(body, 'old-secret-1'), tokens, 'sha256')).toBe(false);
    expect(verifySignature(body, 'sha256=zz', tokens, 'sha256')).toBe(false);
    expect(verifySignature(body, 'md5=abcd', tokens, 'sha256')).toBe(false);
    expect(verifySignature(body, sign(body, 'old-secret-1').slice(0, 20), tokens, 'sha256')).toBe(false);
  });
});

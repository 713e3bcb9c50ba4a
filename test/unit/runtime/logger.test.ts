import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createRootLogger, redact, registerSecret } from '../../../src/runtime/logger.js';

describe('logger', () => {
  it('never prints a registered secret, wherever it appears', async () => {
    registerSecret('s3cr3t-token-value');
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const log = createRootLogger({ stream });
    log.child({ component: 'hook' }).error('request failed: Authorization: token s3cr3t-token-value', { header: 'token s3cr3t-token-value' });
    await new Promise((r) => setImmediate(r));
    expect(out).not.toContain('s3cr3t-token-value');
    const line = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', component: 'hook', header: 'token [REDACTED]' });
    expect(redact('x s3cr3t-token-value y')).toBe('x [REDACTED] y');
  });

  it('filters by level', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const log = createRootLogger({ stream, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    await new Promise((r) => setImmediate(r));
    expect(out).not.toContain('hidden');
    expect(out).toContain('"msg":"shown"');
  });
});

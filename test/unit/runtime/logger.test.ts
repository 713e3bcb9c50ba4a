import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createRootLogger, MAX_LOG_LINE_BYTES, redact, registerSecret } from '../../../src/runtime/logger.js';

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

  it('bounds every line: a huge value is cut, the line stays one valid JSON object, secrets stay redacted', async () => {
    registerSecret('another-secret-value-42');
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const log = createRootLogger({ stream });
    const huge = `${'x'.repeat(4_000)}another-secret-value-42${'y'.repeat(6_000_000)}`;
    log.error(`label value ${huge} is invalid`, { value: huge, nested: { list: Array.from({ length: 5_000 }, (_, i) => `item-${i}`) }, component: 'hook' });
    await new Promise((r) => setImmediate(r));
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(Buffer.byteLength(lines[0]!)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    expect(out).not.toContain('another-secret-value-42');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', component: 'hook' });
    expect(String(line.msg)).toMatch(/^label value x+.*bytes cut/);
  });

  it('writes the logger\'s fields, then the call\'s (which win), errors as message and stack, msg last', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const log = createRootLogger({ stream }).child({ component: 'hook', org: 'o' }).child({ pr: 1 });
    log.info('one', { org: 'p', error: new Error('boom'), level: 'debug' });
    log.debug('hidden');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]!)).toEqual(['time', 'level', 'component', 'org', 'pr', 'error', 'msg']);
    expect(lines[0]).toMatchObject({ level: 'info', component: 'hook', org: 'p', pr: 1, msg: 'one', error: { message: 'boom' } });
    expect(String((lines[0]!.error as { stack: string }).stack)).toContain('Error: boom');
  });

  it('gives a child\'s field precedence over its parent\'s of the same name, in the parent\'s place', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const parent = createRootLogger({ stream }).child({ component: 'hook', org: 'o' });
    parent.child({ pr: 2 }).child({ org: 'q' }).info('two');
    parent.info('three');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(lines[0]!)).toEqual(['time', 'level', 'component', 'org', 'pr', 'msg']);
    expect(lines[0]).toMatchObject({ component: 'hook', org: 'q', pr: 2 });
    expect(lines[1]).toMatchObject({ component: 'hook', org: 'o' });
    expect(lines[1]).not.toHaveProperty('pr');
  });

  it('never throws for fields JSON cannot hold (circular, BigInt): the line says so', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (c: Buffer) => { out += c.toString(); });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    createRootLogger({ stream }).child({ component: 'hook' }).warn('odd fields', { circular, n: 1n });
    const line = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', component: 'hook', msg: 'odd fields' });
    expect(String(line.fieldsError)).toMatch(/circular|BigInt/i);
  });
});

import { describe, expect, it } from '@jest/globals';
import { planHmac } from '../../../src/cli/hmac/plan.js';

const HOUR = 3_600_000;

describe('hmac plan', () => {
  const current = new Map([
    ['*', [{ value: 'global' }]],
    ['o/r', [{ value: 'old', created_at: '2020-01-01T00:00:00Z' }, { value: 'new', created_at: '2024-01-01T00:00:00Z' }]],
    ['gone', [{ value: 'g', created_at: '2020-01-01T00:00:00Z' }]],
  ]);
  const config = { org_repo_config: { 'o/r': { token_created_after: '2023-01-01T00:00:00Z' } } };
  let n = 0;
  const mint = (): string => `t${++n}`;

  it('prunes tokens left by a rotation once the newest has been in place for the grace period', () => {
    const early = planHmac(current, config, new Date(Date.parse('2024-01-01T00:30:00Z')), HOUR, mint);
    expect(early.final.get('o/r')!.map((t) => t.value)).toEqual(['old', 'new']);
    const late = planHmac(current, config, new Date(Date.parse('2024-01-01T01:00:00Z')), HOUR, mint);
    expect(late.final.get('o/r')!.map((t) => t.value)).toEqual(['new']);
    expect(late.changes).toEqual([{ kind: 'keep', key: 'o/r', token: { value: 'new', created_at: '2024-01-01T00:00:00Z' } }, { kind: 'remove', key: 'gone' }]);
  });

  it('stages new tokens beside the old ones before any webhook changes', () => {
    const p = planHmac(current, { org_repo_config: { 'o/r': { token_created_after: '2025-01-01T00:00:00Z' } } }, new Date('2025-06-01T00:00:00Z'), 0, mint);
    expect(p.staged.get('o/r')!.map((t) => t.value)).toHaveLength(3);
    expect(p.final.get('o/r')).toHaveLength(1);
    expect(p.staged.has('gone')).toBe(true);
    expect(p.final.has('gone')).toBe(false);
  });

  it('keeps the global token only with respect_legacy_global_token', () => {
    expect(planHmac(current, config, new Date(), 0, mint).final.has('*')).toBe(false);
    expect(planHmac(current, { ...config, respect_legacy_global_token: true }, new Date(), 0, mint).final.get('*')).toEqual([{ value: 'global' }]);
  });
});

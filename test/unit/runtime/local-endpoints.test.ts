// In-process external plugins: the hook may ask for one before its role registered (replayed deliveries at start),
// and must get it then; once every role started, an unknown name is simply not served in-process.
import { describe, expect, it } from '@jest/globals';
import { LocalEndpoints, type LocalDelivery } from '../../../src/runtime/local-endpoints.js';

describe('LocalEndpoints', () => {
  it('waits for a name until it registers or every role has started', async () => {
    const eps = new LocalEndpoints();
    const seen: string[] = [];
    const early = eps.resolve('needs-rebase');
    const unknown = eps.resolve('elsewhere');
    eps.register('needs-rebase', async (d: LocalDelivery) => {
      seen.push(d.guid);
    });
    await (await early)!({ eventType: 'ping', guid: 'g1', body: Buffer.from('{}') });
    expect(seen).toEqual(['g1']);
    eps.allStarted();
    expect(await unknown).toBeUndefined();
    expect(await eps.resolve('elsewhere')).toBeUndefined();
    expect(() => eps.register('needs-rebase', async () => undefined)).toThrow(/already registered/);
  });
});

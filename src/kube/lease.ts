// Leader election for singleton roles on Kubernetes with coordination.k8s.io/v1 Leases, as client-go's
// leaderelection package does it: take a Lease that is free or expired, renew it every retry period, and give up
// leadership when it could not be renewed within the renew deadline. Expiry is judged by how long *we* have seen
// the same record unchanged (not by the holder's clock), so clock skew between replicas does not matter.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { CoordinationV1Api, type KubeConfig, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import type { LeaderElector } from '../runtime/leader.js';
import type { Logger } from '../runtime/logger.js';

export interface LeaseElectorOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Who we are in holderIdentity (default: hostname_uuid, as client-go examples). */
  identity?: string;
  /** client-go's usual values: 15s / 10s / 2s. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  logger?: Logger;
}

/** The Lease a role's replicas compete for. */
export function leaseName(role: string): string {
  return `prow-${role}-leader-lock`;
}

interface Held {
  role: string;
  timer?: NodeJS.Timeout;
  lastRenew: number;
  onLost: () => void;
}

function statusOf(e: unknown): number | undefined {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'number' ? c : undefined;
}

function timeOf(t: Date | string | undefined): number {
  return t === undefined ? 0 : new Date(t as string).getTime();
}

export class LeaseLeaderElector implements LeaderElector {
  readonly identity: string;
  private readonly api: CoordinationV1Api;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly held = new Map<string, Held>();
  /** Last record seen per lease and when we first saw it: the basis of expiry. */
  private readonly observed = new Map<string, { record: string; at: number }>();
  private readonly waiting = new Set<{ timer?: NodeJS.Timeout; reject: (e: Error) => void }>();
  private released = false;

  constructor(private readonly opts: LeaseElectorOptions) {
    this.identity = opts.identity ?? `${os.hostname()}_${randomUUID()}`;
    this.api = opts.kubeConfig.makeApiClient(CoordinationV1Api);
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
  }

  async acquire(role: string, onLost: () => void): Promise<void> {
    const name = leaseName(role);
    for (;;) {
      if (this.released) throw new Error(`leader election for ${role} stopped`);
      try {
        if (await this.tryAcquireOrRenew(name)) break;
      } catch (e) {
        this.opts.logger?.warn('error acquiring leader lease', { lease: name, error: (e as Error).message.split('\n')[0] });
      }
      await this.sleep(this.retryPeriodMs);
    }
    this.opts.logger?.info('acquired leader lease', { lease: name, identity: this.identity });
    const held: Held = { role, lastRenew: Date.now(), onLost };
    this.held.set(name, held);
    this.scheduleRenew(name, held);
  }

  async release(): Promise<void> {
    this.released = true;
    for (const w of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error('leader election stopped'));
    }
    this.waiting.clear();
    const names = [...this.held.keys()];
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
    // Hand over at once, as client-go's ReleaseOnCancel: an empty holder that expires in a second.
    await Promise.all(names.map(async (name) => {
      try {
        const lease = await this.api.readNamespacedLease({ name, namespace: this.opts.namespace });
        if (lease.spec?.holderIdentity !== this.identity) return;
        lease.spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new V1MicroTime(), acquireTime: new V1MicroTime() };
        await this.api.replaceNamespacedLease({ name, namespace: this.opts.namespace, body: lease });
        this.opts.logger?.info('released leader lease', { lease: name });
      } catch (e) {
        this.opts.logger?.warn('releasing leader lease failed', { lease: name, error: (e as Error).message.split('\n')[0] });
      }
    }));
  }

  private scheduleRenew(name: string, held: Held): void {
    held.timer = setTimeout(async () => {
      if (this.held.get(name) !== held) return;
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew(name);
      } catch (e) {
        this.opts.logger?.warn('error renewing leader lease', { lease: name, error: (e as Error).message.split('\n')[0] });
      }
      if (this.held.get(name) !== held) return;
      const now = Date.now();
      if (ok) held.lastRenew = now;
      if (!ok && now - held.lastRenew >= this.renewDeadlineMs) {
        this.held.delete(name);
        this.opts.logger?.error('failed to renew leader lease within the renew deadline', { lease: name });
        held.onLost();
        return;
      }
      if (!ok && (await this.heldByOther(name))) {
        this.held.delete(name);
        this.opts.logger?.error('leader lease taken by another replica', { lease: name });
        held.onLost();
        return;
      }
      this.scheduleRenew(name, held);
    }, this.retryPeriodMs);
  }

  private async heldByOther(name: string): Promise<boolean> {
    try {
      const lease = await this.api.readNamespacedLease({ name, namespace: this.opts.namespace });
      const holder = lease.spec?.holderIdentity;
      return Boolean(holder) && holder !== this.identity;
    } catch {
      return false;
    }
  }

  /** One round of client-go's tryAcquireOrRenew: true when we hold the lease afterwards. */
  private async tryAcquireOrRenew(name: string): Promise<boolean> {
    const ns = this.opts.namespace;
    const now = new V1MicroTime();
    const durationSeconds = Math.ceil(this.leaseDurationMs / 1000);
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace: ns });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      try {
        await this.api.createNamespacedLease({
          namespace: ns,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace: ns },
            spec: { holderIdentity: this.identity, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
          },
        });
        return true;
      } catch (ce) {
        if (statusOf(ce) === 409) return false; // someone else created it first
        throw ce;
      }
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const record = `${holder}|${timeOf(spec.renewTime)}|${spec.leaseDurationSeconds ?? ''}`;
    const seen = this.observed.get(name);
    const localNow = Date.now();
    if (!seen || seen.record !== record) this.observed.set(name, { record, at: localNow });
    const observedAt = this.observed.get(name)!.at;
    const expired = localNow >= observedAt + (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (holder && holder !== this.identity && !expired) return false;

    const taking = holder !== this.identity;
    lease.spec = {
      ...spec,
      holderIdentity: this.identity,
      leaseDurationSeconds: durationSeconds,
      renewTime: now,
      acquireTime: taking ? now : spec.acquireTime,
      leaseTransitions: (spec.leaseTransitions ?? 0) + (taking && holder ? 1 : 0),
    };
    try {
      await this.api.replaceNamespacedLease({ name, namespace: ns, body: lease });
    } catch (e) {
      if (statusOf(e) === 409) return false; // changed under us: look again next round
      throw e;
    }
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const w: { timer?: NodeJS.Timeout; reject: (e: Error) => void } = { reject };
      w.timer = setTimeout(() => {
        this.waiting.delete(w);
        resolve();
      }, ms);
      this.waiting.add(w);
    });
  }
}

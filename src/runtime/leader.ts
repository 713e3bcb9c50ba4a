// Leader election for singleton roles. All-in-one mode has one process and nothing to elect; on Kubernetes
// each singleton role holds a coordination.k8s.io Lease (see src/kube/lease.ts).
export interface LeaderElector {
  /** Resolves once this process leads `role`; `onLost` is called if leadership is lost afterwards. */
  acquire(role: string, onLost: () => void): Promise<void>;
  /** Releases every lease held, so a successor takes over without waiting for expiry. */
  release(): Promise<void>;
}

export const noLeaderElection: LeaderElector = {
  acquire: async () => {},
  release: async () => {},
};

// Opening the configured ProwJob store. `--prowjob-store=file` (default) keeps ProwJobs as files under
// <data-dir>/prowjobs/; `--prowjob-store=kubernetes` uses the ProwJob CRD in `prowjob_namespace`.
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../runtime/logger.js';
import { FileProwJobStore } from './file.js';
import type { ProwJobStore } from './types.js';

export type StoreBackend = 'file' | 'kubernetes';
export const STORE_BACKENDS: readonly StoreBackend[] = ['file', 'kubernetes'];

export interface OpenStoreOptions {
  backend: StoreBackend;
  /** prowjob_namespace from config.yaml (upstream default: "default"). */
  namespace: string;
  /** file backend: ProwJobs live in <dataDir>/prowjobs/. */
  dataDir: string;
  /** kubernetes backend: the infrastructure cluster (src/kube/config.ts). */
  kubeConfig?: KubeConfig;
  logger?: Logger;
}

export function prowJobDir(dataDir: string): string {
  return path.join(dataDir, 'prowjobs');
}

export async function openStore(opts: OpenStoreOptions): Promise<ProwJobStore> {
  switch (opts.backend) {
    case 'file':
      return FileProwJobStore.open({ dir: prowJobDir(opts.dataDir), namespace: opts.namespace, logger: opts.logger });
    case 'kubernetes':
      if (!opts.kubeConfig) throw new Error('--prowjob-store=kubernetes needs a Kubernetes configuration');
      // Imported here so that the file backend never loads the Kubernetes client.
      return new (await import('./kubernetes.js')).KubernetesProwJobStore({ kubeConfig: opts.kubeConfig, namespace: opts.namespace, logger: opts.logger });
    default:
      throw new Error(`unknown --prowjob-store "${String(opts.backend)}" (use ${STORE_BACKENDS.join(' or ')})`);
  }
}

export function parseStoreBackend(value: string | undefined): StoreBackend {
  const v = value ?? 'file';
  if (!(STORE_BACKENDS as readonly string[]).includes(v)) {
    throw new Error(`unknown --prowjob-store "${v}" (use ${STORE_BACKENDS.join(' or ')})`);
  }
  return v as StoreBackend;
}

export * from './types.js';
export { createOnce, updateWithRetry } from './retry.js';
export { parseSelector } from './selector.js';
export { FileProwJobStore } from './file.js';
export { watchWithRecovery, type RecoveringWatchOptions } from './recovering-watch.js';

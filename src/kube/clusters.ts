// Resolving the Kubernetes clusters from the flags (see config.ts). Importing this module loads
// @kubernetes/client-node: import it dynamically, only on paths that use Kubernetes.
import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_CLUSTER_ALIAS, type KubeOptions } from './config.js';

export interface KubeClusters {
  /** Where ProwJobs and Leases live. */
  infrastructure: KubeConfig;
  /** Context name → a KubeConfig whose current context is that one. `default` is always present. */
  clusters: Map<string, KubeConfig>;
  /** Where the infrastructure config came from, for logs. */
  source: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Resolves the clusters; throws a clear error when no configuration can be found at all. */
export function loadKubeClusters(opts: KubeOptions): KubeClusters {
  if (opts.kubeconfigSuffix && !opts.kubeconfigDir) throw new Error('--kubeconfig-suffix must be used together with --kubeconfig-dir');
  const files: string[] = [];
  if (opts.kubeconfig) files.push(opts.kubeconfig);
  if (opts.kubeconfigDir) {
    let names: string[];
    try {
      names = fs.readdirSync(opts.kubeconfigDir).sort();
    } catch (e) {
      throw new Error(`--kubeconfig-dir ${opts.kubeconfigDir}: ${(e as Error).message}`);
    }
    for (const n of names) {
      const full = path.join(opts.kubeconfigDir, n);
      if (n.startsWith('.') || !fs.statSync(full).isFile()) continue;
      if (opts.kubeconfigSuffix && !n.endsWith(opts.kubeconfigSuffix)) continue;
      files.push(full);
    }
  }

  const clusters = new Map<string, KubeConfig>();
  let firstFileConfig: KubeConfig | undefined;
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (e) {
      throw new Error(`cannot load kubeconfig ${file}: ${(e as Error).message}`);
    }
    firstFileConfig ??= kc;
    for (const ctx of kc.getContexts()) {
      if (clusters.has(ctx.name)) throw new Error(`context ${ctx.name} is defined more than once (in ${file})`);
      clusters.set(ctx.name, withContext(kc, ctx.name));
    }
  }

  let infrastructure: KubeConfig | undefined;
  let source = '';
  const root = opts.inClusterRoot ?? '';
  if (!opts.noInClusterConfig && process.env.KUBERNETES_SERVICE_HOST && fs.existsSync(`${root}${SERVICE_ACCOUNT_DIR}/token`)) {
    // The Pod's service account, as client-go's rest.InClusterConfig (the client re-reads the rotating token).
    infrastructure = new KubeConfig();
    infrastructure.loadFromCluster(root);
    source = 'in-cluster';
  } else if (firstFileConfig) {
    const current = firstFileConfig.getCurrentContext();
    if (!current) throw new Error(`kubeconfig ${files[0]} has no current-context`);
    infrastructure = withContext(firstFileConfig, current);
    source = `${files[0]} (context ${current})`;
  }
  if (!infrastructure) {
    throw new Error('no Kubernetes configuration: pass --kubeconfig or --kubeconfig-dir, or run in a Pod with a service account');
  }
  if (!clusters.has(DEFAULT_CLUSTER_ALIAS)) clusters.set(DEFAULT_CLUSTER_ALIAS, infrastructure);
  return { infrastructure, clusters, source };
}

function withContext(kc: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: context });
  return copy;
}

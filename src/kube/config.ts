// Kubernetes client configuration as upstream's flagutil.KubernetesOptions resolves it: --kubeconfig (one file,
// every context in it), --kubeconfig-dir (every file in a directory, optionally only names ending in
// --kubeconfig-suffix), and the in-cluster service account unless --no-in-cluster-config. The infrastructure
// cluster (where ProwJobs and Leases live) is the in-cluster config when running in a Pod, otherwise the current
// context of --kubeconfig. Build clusters are addressed by context name; `default` is the context of that name if
// one exists, else the infrastructure cluster. Loading the clusters (and so the Kubernetes client, ~85 MB and
// ~0.5 s to import) lives in clusters.ts, which callers import only when they need Kubernetes.
import type { FlagSpec, Flags } from '../runtime/flags.js';

export const KUBE_FLAGS: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', description: 'Path to .kube/config file. If neither of --kubeconfig and --kubeconfig-dir is provided, use the in-cluster config. All contexts other than the default are used as build clusters', placeholder: 'PATH' },
  { name: 'kubeconfig-dir', type: 'string', description: 'Path to the directory containing kubeconfig files. If neither of --kubeconfig and --kubeconfig-dir is provided, use the in-cluster config', placeholder: 'DIR' },
  { name: 'kubeconfig-suffix', type: 'string', description: 'The files without the suffix will be ignored when loading kubeconfig files from --kubeconfig-dir. It must be used together with --kubeconfig-dir', placeholder: 'SUFFIX' },
  { name: 'no-in-cluster-config', type: 'bool', description: 'Not resolving InCluster Config if set', default: false },
];

/** The alias of the build cluster jobs run in when they name none (config default `cluster: default`). */
export const DEFAULT_CLUSTER_ALIAS = 'default';

export interface KubeOptions {
  kubeconfig?: string;
  kubeconfigDir?: string;
  kubeconfigSuffix?: string;
  noInClusterConfig?: boolean;
  /** Prefix of the service account path /var/run/secrets/kubernetes.io/serviceaccount (tests). */
  inClusterRoot?: string;
}

export function kubeOptionsFromFlags(flags: Flags): KubeOptions {
  return {
    kubeconfig: flags.string('kubeconfig'),
    kubeconfigDir: flags.string('kubeconfig-dir'),
    kubeconfigSuffix: flags.string('kubeconfig-suffix'),
    noInClusterConfig: flags.bool('no-in-cluster-config'),
  };
}

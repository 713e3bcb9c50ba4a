// What the hook gives plugins besides GitHub: Slack (slackevents) when --slack-token-file is set, Jira and Bugzilla
// when their endpoints are set, and a ConfigMap
// writer for config-updater: files under <data-dir>/configmaps/<namespace>/<name>/ with the file ProwJob store
// (all-in-one), the Kubernetes API of every --kubeconfig context otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RoleContext } from '../../src/runtime/role.js';
import { FileConfigMapWriter, KubeConfigMapWriter } from '../../src/kube/configmaps.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import { JiraClient } from '../../src/jira/client.js';
import { BugzillaClient, type BugzillaAuthMethod } from '../../src/bugzilla/client.js';
import { DEFAULT_SLACK_API, SlackClient } from '../../src/report/slack.js';
import { registerSecret } from '../../src/runtime/logger.js';
import type { PluginServices } from '../../plugins/types.js';

const BUGZILLA_AUTH_METHODS = ['', 'bearer', 'query', 'x-bugzilla-api-key'];

/** A secret file's content, read at each use so a rotated one is picked up. */
function secretFile(file: string): () => string {
  return () => {
    const v = readFileSync(file, 'utf8').trim();
    registerSecret(v);
    return v;
  };
}

/** Where config-updater writes in all-in-one mode. */
export function configMapsDir(dataDir: string): string {
  return path.join(dataDir, 'configmaps');
}

export async function pluginServices(ctx: RoleContext): Promise<PluginServices> {
  const services: PluginServices = {};
  const tokenFile = ctx.flags.string('slack-token-file');
  if (tokenFile) {
    const token = secretFile(tokenFile);
    token();
    const client = new SlackClient(token, ctx.flags.string('slack-endpoint') ?? DEFAULT_SLACK_API);
    services.slack = { writeMessage: (text, channel) => client.writeMessage(text, channel) };
  }
  const jiraEndpoint = ctx.flags.string('jira-endpoint');
  if (jiraEndpoint) {
    const passwordFile = ctx.flags.string('jira-password-file');
    const tokenFile = ctx.flags.string('jira-bearer-token-file');
    services.jira = new JiraClient({
      endpoint: jiraEndpoint,
      username: ctx.flags.string('jira-username'),
      ...(passwordFile ? { password: secretFile(passwordFile) } : {}),
      ...(tokenFile ? { bearerToken: secretFile(tokenFile) } : {}),
    });
  }
  const bugzillaEndpoint = ctx.flags.string('bugzilla-endpoint');
  if (bugzillaEndpoint) {
    if (!URL.canParse(bugzillaEndpoint)) throw new Error(`invalid --bugzilla-endpoint URI: "${bugzillaEndpoint}"`);
    const authMethod = ctx.flags.string('bugzilla-auth-method') ?? '';
    if (!BUGZILLA_AUTH_METHODS.includes(authMethod)) throw new Error(`invalid --bugzilla-auth-method "${authMethod}": use bearer, query or x-bugzilla-api-key`);
    const keyFile = ctx.flags.string('bugzilla-api-key-path');
    if (keyFile) secretFile(keyFile)();
    services.bugzilla = new BugzillaClient({
      endpoint: bugzillaEndpoint,
      authMethod: authMethod as BugzillaAuthMethod,
      githubExternalTrackerId: ctx.flags.int('bugzilla-github-external-tracker-id') ?? 0,
      metrics: ctx.metrics,
      ...(keyFile ? { apiKey: secretFile(keyFile) } : {}),
    });
  }
  if ((ctx.flags.string('prowjob-store') ?? 'file') === 'file') {
    services.configMaps = new FileConfigMapWriter(configMapsDir(ctx.dataDir), ctx.metrics);
  } else {
    const { loadKubeClusters } = await import('../../src/kube/clusters.js');
    services.configMaps = new KubeConfigMapWriter(loadKubeClusters(kubeOptionsFromFlags(ctx.flags)).clusters, ctx.metrics);
  }
  return services;
}

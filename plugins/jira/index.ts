// jira: Jira issue keys (`ABC-123`) in a comment, PR or issue body or title are linked: each key of a project the
// Jira (the hook's --jira-endpoint) has and an issue that exists becomes a Markdown link in the text (outside code),
// and the Jira issue gets a remote link back to the PR or issue. `jira.disabled_jira_projects` are left alone.
import type { JiraAPI } from '../../src/jira/client.js';
import { definePlugin } from '../types.js';
import { JIRA } from './section.js';

export interface JiraSettings {
  disabled_jira_projects?: string[];
}

const ISSUE_NAME = /\b([a-zA-Z]+-[0-9]+)(?=\s|:|$|\]|\))/gm;
const PROJECT_TTL_MS = 60 * 60 * 1000;
const projectCache = new WeakMap<JiraAPI, { at: number; keys: Set<string> }>();

async function projectKeys(jira: JiraAPI): Promise<Set<string>> {
  const c = projectCache.get(jira);
  if (c && c.keys.size > 0 && Date.now() - c.at < PROJECT_TTL_MS) return c.keys;
  const keys = new Set((await jira.listProjectKeys()).map((k) => k.toLowerCase()));
  projectCache.set(jira, { at: Date.now(), keys });
  return keys;
}

export function candidates(text: string): string[] {
  return [...text.matchAll(ISSUE_NAME)].map((m) => m[1]!);
}

/** Replaces each key with a link, except in code blocks, indented lines and where it follows `[`, `/`, `` ` `` or `-`. */
export function insertLinks(body: string, keys: readonly string[], baseUrl: string): string {
  let fences = 0;
  return body.split('\n').map((line) => {
    if (line.startsWith('```')) fences++;
    if (fences % 2 === 1 || line.startsWith('    ')) return line;
    for (const key of keys) {
      let out = '';
      let from = 0;
      for (let idx = line.indexOf(key); idx !== -1; idx = line.indexOf(key, idx + 1)) {
        if (idx < from) continue;
        out += line.slice(from, idx);
        out += idx === 0 || !'[/`-'.includes(line[idx - 1]!) ? `[${key}](${baseUrl}/browse/${key})` : key;
        from = idx + key.length;
      }
      line = out + line.slice(from);
    }
    return line;
  }).join('\n');
}

export const jira = definePlugin<JiraSettings>({
  name: 'jira',
  description: 'The Jira plugin links Pull Requests and Issues to Jira issues',
  config: {
    sections: [JIRA],
    resolve: (pc) => (pc.jira as JiraSettings | undefined) ?? {},
    describe: (j) => ((j.disabled_jira_projects ?? []).length > 0 ? `The following Jira projects are not linked: ${j.disabled_jira_projects!.join(', ')}.` : 'Every Jira project is linked.'),
  },
  handlers: {
    async genericComment(ctx) {
      const e = ctx.event;
      if (e.action === 'deleted') return;
      const disabled = (ctx.settings.disabled_jira_projects ?? []).map((p) => p.toLowerCase());
      const wanted = [...new Set([...candidates(e.body), ...candidates(e.issueTitle)])].filter((c) => !disabled.some((p) => c.toLowerCase().startsWith(p)));
      if (wanted.length === 0) return;
      const client = ctx.services.jira;
      if (!client) {
        ctx.logger.error('jira: Jira keys were mentioned but the hook has no Jira client (set --jira-endpoint)', { keys: wanted });
        return;
      }
      const projects = await projectKeys(client);
      const found: string[] = [];
      for (const key of wanted) {
        if (!projects.has(key.split('-')[0]!.toLowerCase())) continue;
        if (await client.getIssue(key)) found.push(key);
      }
      if (found.length === 0) return;
      const url = e.htmlUrl.split('#')[0]!;
      const title = `${e.repo.full_name}#${e.number}: ${e.issueTitle}`;
      for (const key of found) {
        try {
          const existing = (await client.getRemoteLinks(key)).find((l) => l.object.url === url);
          if (existing?.object.title === title) continue;
          const link = { object: { url, title, icon: { url16x16: 'https://github.com/favicon.ico', title: 'GitHub' } } };
          if (existing?.id !== undefined) await client.updateRemoteLink(key, existing.id, link);
          else await client.addRemoteLink(key, link);
        } catch (err) {
          ctx.logger.error('Failed to ensure GitHub link on Jira issue', { issue: key, error: err });
        }
      }
      const withLinks = insertLinks(e.body, found, client.baseUrl);
      if (withLinks === e.body) return;
      if (e.commentId !== undefined) {
        await ctx.github.editComment(ctx.org, ctx.repo, e.commentId, withLinks);
        return;
      }
      const issue = await ctx.github.getIssue(ctx.org, ctx.repo, e.number);
      const body = insertLinks(issue.body ?? '', found, client.baseUrl);
      if (body !== (issue.body ?? '')) await ctx.github.editIssue(ctx.org, ctx.repo, e.number, { body });
    },
  },
});

// Repository rulesets: list, read and create them (`/repos/:o/:r/rulesets`), and the rules active on a branch
// (`/repos/:o/:r/rules/branches/:branch`, readable by anyone who can read the repository, as on GitHub).
import type express from 'express';
import { GitHubError, notFound, validationFailed, type RulesetRec } from '../model.js';
import { body, intParam, param, requireViewer, sendPage, str } from '../http-helpers.js';
import { branchRules, rulesetJson } from '../rulesets.js';
import { now } from '../state.js';
import { repoOf, type RouteContext } from './context.js';

const RULE_TYPES = new Set(['creation', 'update', 'deletion', 'required_linear_history', 'merge_queue', 'required_deployments', 'required_signatures', 'pull_request', 'required_status_checks', 'non_fast_forward', 'commit_message_pattern', 'commit_author_email_pattern', 'committer_email_pattern', 'branch_name_pattern', 'tag_name_pattern']);

/** A ruleset from a create request, checked as GitHub checks it (422 naming the bad field). */
export function rulesetFromRequest(id: number, b: Record<string, unknown>): RulesetRec {
  const name = str(b, 'name', 'Ruleset', true)!;
  const enforcement = str(b, 'enforcement', 'Ruleset', true)!;
  if (!['active', 'disabled', 'evaluate'].includes(enforcement)) throw validationFailed('Ruleset', 'enforcement', 'invalid');
  const target = str(b, 'target', 'Ruleset') ?? 'branch';
  if (!['branch', 'tag', 'push'].includes(target)) throw validationFailed('Ruleset', 'target', 'invalid');
  const refName = ((b.conditions as Record<string, unknown> | undefined)?.ref_name ?? {}) as { include?: unknown; exclude?: unknown };
  const list = (v: unknown): string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : []);
  const rules = Array.isArray(b.rules) ? (b.rules as { type?: unknown; parameters?: unknown }[]) : [];
  for (const r of rules) if (typeof r?.type !== 'string' || !RULE_TYPES.has(r.type)) throw new GitHubError(422, `Invalid request.\n\nInvalid rule '${String(r?.type)}'.`);
  const t = now();
  return {
    id, name, target: target as RulesetRec['target'], enforcement: enforcement as RulesetRec['enforcement'],
    conditions: { ref_name: { include: list(refName.include), exclude: list(refName.exclude) } },
    rules: rules.map((r) => ({ type: r.type as string, ...(r.parameters && typeof r.parameters === 'object' ? { parameters: r.parameters as Record<string, unknown> } : {}) })),
    createdAt: t, updatedAt: t,
  };
}

export function rulesetRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, urls } = ctx;

  app.get('/repos/:owner/:repo/rulesets', (req, res) => {
    const repo = repoOf(ctx, req);
    sendPage(req, res, urls.api, repo.rulesets.map((rs) => rulesetJson(urls.api, repo, rs, false)));
  });

  app.get('/repos/:owner/:repo/rulesets/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    const rs = repo.rulesets.find((x) => x.id === intParam(req, 'id'));
    if (!rs) throw notFound();
    res.json(rulesetJson(urls.api, repo, rs, true));
  });

  app.post('/repos/:owner/:repo/rulesets', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    const rs = rulesetFromRequest(state.id(), body(req));
    repo.rulesets.push(rs);
    res.status(201).json(rulesetJson(urls.api, repo, rs, true));
  });

  // Branch names may hold slashes (release/1.2).
  app.get('/repos/:owner/:repo/rules/branches/*branch', (req, res) => {
    const repo = repoOf(ctx, req);
    sendPage(req, res, urls.api, branchRules(repo, param(req, 'branch')));
  });
}

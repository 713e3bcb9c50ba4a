// Merging as upstream's mergePRs/tryMerge: the `tide` context set to success first (branch protection may require
// it), the merge with the PR's head SHA as a guard, the merge method and commit template; retries when GitHub says
// the base branch changed; a batch stops on the errors that would fail every other PR too.
import { asHttpError } from '../../src/github/request-error.js';
import { renderTemplate } from '../../src/report/template.js';
import type { ChecksAPI } from '../../src/github/checks.js';
import type { PullsAPI } from '../../src/github/pulls.js';
import type { TideMergeCommitTemplate } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { TIDE_CONTEXT } from './contexts.js';
import type { MergeMethod, TidePR } from './types.js';

export interface MergeOutcome {
  merged: TidePR[];
  /** PR number → why it did not merge. */
  failed: Map<number, string>;
}

export interface MergeOptions {
  github: PullsAPI & ChecksAPI;
  method: (pr: TidePR) => MergeMethod | undefined;
  template: TideMergeCommitTemplate;
  targetURL: (pr: TidePR) => string;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Pause between the merges of one batch so GitHub recomputes mergeability (upstream: 5s). */
  spacingMs: number;
}

type Classified = { retry: boolean; keepGoing: boolean; message: string };

/** What a failed merge means (upstream's error kinds by GitHub's status and message). */
export function classifyMergeError(e: unknown): Classified {
  const status = asHttpError(e)?.status;
  const msg = e instanceof Error ? e.message : String(e);
  if (status === 409) return { retry: false, keepGoing: true, message: `PR was modified: ${msg}` };
  if (status === 405 && /base branch was modified/i.test(msg)) return { retry: true, keepGoing: true, message: `base branch was modified: ${msg}` };
  if (status === 405 && /merge commits are not allowed/i.test(msg)) {
    return { retry: false, keepGoing: false, message: `Tide needs to be configured to use the 'rebase' merge method for this repo or the repo needs to allow merge commits: ${msg}` };
  }
  if (status === 405) return { retry: false, keepGoing: true, message: `PR is unmergable. Do the Tide merge requirements match the GitHub settings for the repo? ${msg}` };
  if (status === 403 || (status === 422 && /not authorized to push/i.test(msg))) {
    return { retry: false, keepGoing: false, message: `branch needs to be configured to allow this robot to push: ${msg}` };
  }
  return { retry: false, keepGoing: true, message: msg };
}

/** The PR as Go templates see it (`{{ .Title }}`, `{{ .Number }}`, `{{ .Body }}`, `{{ .Author.Login }}`, …). */
function templateData(pr: TidePR): Record<string, unknown> {
  return {
    number: pr.number, title: pr.title, body: pr.body, author: { login: pr.author }, authorLogin: pr.author,
    headRefName: pr.headRefName, headRefOID: pr.headSha, baseRef: { name: pr.baseRef }, baseRefName: pr.baseRef, org: pr.org, repo: pr.repo,
    labels: { nodes: pr.labels.map((name) => ({ name })) },
  };
}

export async function mergePRs(prs: readonly TidePR[], o: MergeOptions): Promise<MergeOutcome> {
  const out: MergeOutcome = { merged: [], failed: new Map() };
  for (let i = 0; i < prs.length; i++) {
    const pr = prs[i]!;
    const method = o.method(pr);
    if (!method) {
      out.failed.set(pr.number, `multiple merge method labels found for ${pr.org}/${pr.repo}#${pr.number}`);
      continue;
    }
    const tide = pr.contexts.find((c) => c.context === TIDE_CONTEXT);
    if (tide?.state !== 'SUCCESS') {
      try {
        await o.github.createStatus(pr.org, pr.repo, pr.headSha, { context: TIDE_CONTEXT, state: 'success', description: 'In merge pool.', target_url: o.targetURL(pr) || undefined });
      } catch (e) {
        out.failed.set(pr.number, `unable to set the tide context to success: ${(e as Error).message}`);
        continue;
      }
    }
    const details = {
      sha: pr.headSha,
      merge_method: method,
      ...(o.template.title ? { commit_title: safeRender(o.template.title, pr, o.logger) } : {}),
      ...(o.template.body ? { commit_message: safeRender(o.template.body, pr, o.logger) } : {}),
    };
    let keepGoing = true;
    let backoff = 4000;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await o.github.merge(pr.org, pr.repo, pr.number, details);
        out.merged.push(pr);
        out.failed.delete(pr.number);
        o.logger.info('Merged.', { org: pr.org, repo: pr.repo, pr: pr.number, method });
        break;
      } catch (e) {
        const c = classifyMergeError(e);
        out.failed.set(pr.number, c.message);
        keepGoing = c.keepGoing;
        o.logger.info('Merge failed.', { org: pr.org, repo: pr.repo, pr: pr.number, reason: c.message });
        if (!c.retry || attempt === 2) break;
        await o.sleep(backoff);
        backoff *= 2;
      }
    }
    if (!keepGoing) break;
    if (out.merged.includes(pr) && i + 1 < prs.length && o.spacingMs > 0) await o.sleep(o.spacingMs);
  }
  return out;
}

function safeRender(source: string, pr: TidePR, logger: Logger): string | undefined {
  try {
    return renderTemplate(source, templateData(pr));
  } catch (e) {
    logger.error('error executing merge commit template', { error: e });
    return undefined;
  }
}

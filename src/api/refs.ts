// Refs for a job on one pull request, as upstream's pjutil.createRefs builds them. `ref` stays empty: clonerefs
// then fetches the pull's SHA, or `pull/N/head`, from the base repository (both exist there even when the head
// branch lives in a fork); `head_ref` is the head branch's name, for people and for $PULL_HEAD_REF.
import type { Refs } from './prowjob.js';

export interface PullRequestRefsInput {
  org: string;
  repo: string;
  /** https://<host>/<org>/<repo> */
  repoLink: string;
  baseRef: string;
  baseSha: string;
  number: number;
  author: string;
  headSha: string;
  title?: string;
  headRef?: string;
  /** The pull request's page; default <repoLink>/pull/<number>. */
  link?: string;
  authorLink?: string;
}

export function pullRequestRefs(p: PullRequestRefsInput): Refs {
  return {
    org: p.org,
    repo: p.repo,
    repo_link: p.repoLink,
    base_ref: p.baseRef,
    base_sha: p.baseSha,
    base_link: `${p.repoLink}/commit/${p.baseSha}`,
    pulls: [{
      number: p.number,
      author: p.author,
      sha: p.headSha,
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.headRef !== undefined ? { head_ref: p.headRef } : {}),
      link: p.link ?? `${p.repoLink}/pull/${p.number}`,
      commit_link: `${p.repoLink}/pull/${p.number}/commits/${p.headSha}`,
      ...(p.authorLink !== undefined ? { author_link: p.authorLink } : {}),
    }],
  };
}

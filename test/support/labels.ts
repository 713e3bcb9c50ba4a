// Reading an issue's or PR's labels from the fake GitHub as plain names (its records hold names or label objects).
import type { FakeGitHub } from '../fakes/github/index.js';

export function labelNames(gh: FakeGitHub, org: string, repo: string, number: number): string[] {
  return gh.issue(org, repo, number).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name)).sort();
}

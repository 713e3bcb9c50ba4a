// Real bare git repositories for tests: see bare-repo.ts.
//
//   const repos = await GitRepos.create();              // temp root, `<root>/<org>/<repo>.git`
//   const repo = await repos.init('org', 'repo');        // bare, HEAD → main
//   const base = await repo.commit({ ref: 'main', files: { 'README.md': 'hi\n' }, message: 'initial' });
//   const head = await repo.commit({ parent: base, ref: 'refs/pull/1/head', files: { 'a.go': 'package a\n' } });
//   await repo.mergeInto('main', 'refs/pull/1/head', 'merge', 'Merge pull request #1');
//   repo.url;                                            // file:// URL for `git clone` / a job's clone_uri
//   await repos.cleanup();
export {
  BareRepo,
  GitRepos,
  MergeConflictError,
  TEST_GIT_IDENTITY,
  fullRef,
  type ChangedFile,
  type CommitInfo,
  type CommitOptions,
  type FileChanges,
  type GitPerson,
  type MergeMethod,
} from './bare-repo.js';

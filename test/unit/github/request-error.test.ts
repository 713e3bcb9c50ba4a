// Errors octokit throws for GitHub's answers are recognised by shape (so that modules looking at them need not load
// octokit): the real RequestError must be recognised, nothing else.
import { describe, expect, it } from '@jest/globals';
import { RequestError } from 'octokit';
import { asHttpError } from '../../../src/github/request-error.js';
import { GitHubClientError, isNotFound } from '../../../src/github/rest.js';

const requestError = (status: number, data?: unknown): RequestError =>
  new RequestError('GitHub said no', status, {
    request: { method: 'GET', url: 'https://api.github.com/repos/o/r', headers: {} },
    response: { status, url: 'https://api.github.com/repos/o/r', headers: {}, data },
  });

describe('asHttpError', () => {
  it("recognises octokit's RequestError with its status and response", () => {
    const e = requestError(422, { errors: [{ message: 'state cannot be changed' }] });
    expect(asHttpError(e)?.status).toBe(422);
    expect(asHttpError(e)?.response?.data).toEqual({ errors: [{ message: 'state cannot be changed' }] });
    expect(isNotFound(requestError(404))).toBe(true);
    expect(isNotFound(requestError(403))).toBe(false);
  });

  it('does not take other errors for one', () => {
    expect(asHttpError(new GitHubClientError('bad', 404))).toBeUndefined();
    expect(asHttpError(new Error('HttpError'))).toBeUndefined();
    expect(asHttpError({ name: 'HttpError', status: 404 })).toBeUndefined();
    expect(asHttpError(undefined)).toBeUndefined();
  });
});

// Smart-HTTP git serving (`git http-backend`) at `<fake url>/<owner>/<repo>(.git)`, the same place a repo's
// html_url points: jobs whose refs carry `repo_link` (or a clone URL built from it) clone and fetch from the fake
// as they would from github.com. Read-only, except that a user may push (Basic auth with a token, as to github.com)
// to the repositories of their own account (a bot's forks); pushes elsewhere go through the fake's API so that
// they emit webhooks.
import { spawn } from 'node:child_process';
import type express from 'express';
import type { GitRepos } from '../git/index.js';

/** The login a token belongs to (undefined: not a valid token). */
export type TokenOwner = (token: string) => string | undefined;

export function gitHttpRoutes(app: express.Express, git: GitRepos, tokenOwner: TokenOwner = () => undefined): void {
  const serve = (req: express.Request, res: express.Response, rest: string): void => {
    const owner = String(req.params.owner);
    const repo = String(req.params.repo).replace(/\.git$/, '');
    const service = typeof req.query.service === 'string' ? req.query.service : rest.replace(/^\//, '');
    let remoteUser = '';
    if (service === 'git-receive-pack') {
      const basic = /^basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      const token = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : '';
      const login = token ? tokenOwner(token) : undefined;
      if (!login) {
        res.status(401).setHeader('WWW-Authenticate', 'Basic realm="GitHub"');
        res.type('text/plain').send('Invalid username or token.');
        return;
      }
      if (login.toLowerCase() !== owner.toLowerCase()) {
        res.status(403).type('text/plain').send(`Permission to ${owner}/${repo}.git denied to ${login}.`);
        return;
      }
      remoteUser = login;
    } else if (service !== 'git-upload-pack') {
      res.status(403).type('text/plain').send('the fake GitHub serves git-upload-pack and git-receive-pack only');
      return;
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: git.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${owner}/${repo}.git${rest}`,
        REQUEST_METHOD: req.method,
        QUERY_STRING: new URLSearchParams(req.query as Record<string, string>).toString(),
        CONTENT_TYPE: req.get('content-type') ?? '',
        HTTP_CONTENT_ENCODING: req.get('content-encoding') ?? '',
        GIT_PROTOCOL: req.get('git-protocol') ?? '',
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        // http-backend takes pushes only from an authenticated user.
        ...(remoteUser ? { REMOTE_USER: remoteUser } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') res.status(Number(value.split(' ')[0]));
        else res.setHeader(name, value);
      }
      res.write(head.subarray(end + 4));
    });
    child.on('close', (code) => {
      if (!headersDone) {
        res.status(code === 0 ? 200 : 500).type('text/plain').send(stderr || 'git http-backend produced no response');
        return;
      }
      res.end();
    });
  };
  app.get('/:owner/:repo/info/refs', (req, res) => serve(req, res, '/info/refs'));
  app.post('/:owner/:repo/git-upload-pack', (req, res) => serve(req, res, '/git-upload-pack'));
  app.post('/:owner/:repo/git-receive-pack', (req, res) => serve(req, res, '/git-receive-pack'));
}

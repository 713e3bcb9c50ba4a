// Octokit parses every JSON answer with json-with-bigint (a regex pass over the whole text, then JSON.parse with a
// reviver): about 7× JSON.parse's time on a 10 KB answer, and the largest allocation of a `/test`'s GitHub reads.
// GitHub's numbers fit in a double (upstream reads them as int64; ours were numbers already), so successful answers
// are taken from octokit unparsed and parsed here with JSON.parse, by octokit's own rules for everything else
// (text for text/* and UTF-8, bytes otherwise, the text itself when a JSON answer does not parse). Errors and 304s
// are left to octokit.
import { parse } from 'content-type';
import type { Octokit } from 'octokit';
import type { AnswerBody } from './answer.js';

/** Makes `octokit` (over the transport's fetch, whose answers are read whole) parse successful answers' bodies with JSON.parse. */
export function parseAnswersWithJSONParse(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    const res = await request({ ...options, request: { ...options.request, parseSuccessResponseBody: false } });
    // 204, 205 and HEAD answers have no body and come back as '' whatever the option.
    if (typeof res.data === 'string') return res;
    res.data = answerData(res.data as AnswerBody | null, res.headers['content-type']);
    return res;
  });
}

/** The answer's body (our transport's fetch reads answers whole, see answer.ts) by octokit's rules. */
function answerData(body: AnswerBody | null, contentType: string | undefined): unknown {
  if (!body) return '';
  if (!contentType) return body.text();
  const mimetype = parse(contentType);
  if (mimetype.type === 'application/json' || mimetype.type === 'application/scim+json') {
    const text = body.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (mimetype.type.startsWith('text/') || (mimetype.parameters.charset?.toLowerCase() === 'utf-8' && mimetype.type !== 'application/octet-stream')) {
    return body.text();
  }
  return body.arrayBuffer();
}

// Octokit parses every JSON answer with json-with-bigint (a regex pass over the whole text, then JSON.parse with a
// reviver): about 7× JSON.parse's time on a 10 KB answer, and the largest allocation of a `/test`'s GitHub reads.
// GitHub's numbers fit in a double (upstream reads them as int64; ours were numbers already), so successful answers
// are taken from octokit unparsed and parsed here with JSON.parse, by octokit's own rules for everything else
// (text for text/* and UTF-8, bytes otherwise, the text itself when a JSON answer does not parse). Errors and 304s
// are left to octokit.
import { parse } from 'content-type';
import type { Octokit } from 'octokit';
import { AnswerBody } from './answer.js';

/** Makes `octokit` parse successful answers' bodies with JSON.parse. */
export function parseAnswersWithJSONParse(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    const res = await request({ ...options, request: { ...options.request, parseSuccessResponseBody: false } });
    // 204, 205 and HEAD answers have no body and come back as '' whatever the option.
    if (typeof res.data === 'string') return res;
    res.data = await answerData(res.data as AnswerBody | ReadableStream<Uint8Array> | null, res.headers['content-type']);
    return res;
  });
}

/** The transport's answers come whole (an AnswerBody); a stream, from any other fetch, is read into a Response. */
async function answerData(body: AnswerBody | ReadableStream<Uint8Array> | null, contentType: string | undefined): Promise<unknown> {
  const answer = body instanceof AnswerBody ? body : new Response(body);
  if (!contentType) return answer.text().catch(() => '');
  const mimetype = parse(contentType);
  if (mimetype.type === 'application/json' || mimetype.type === 'application/scim+json') {
    let text = '';
    try {
      text = await answer.text();
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (mimetype.type.startsWith('text/') || (mimetype.parameters.charset?.toLowerCase() === 'utf-8' && mimetype.type !== 'application/octet-stream')) {
    return answer.text().catch(() => '');
  }
  return answer.arrayBuffer().catch(() => new ArrayBuffer(0));
}

// Go templates in config are parsed at load, as upstream parses them: a template Go refuses is an error with its file
// and field path; one Go accepts is not, even where it uses what this prow's renderer lacks ({{define}}, {{template}}).
import { afterEach, describe, expect, it } from '@jest/globals';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { templateParseError } from '../../../src/report/template.js';
import { toYaml } from '../../../src/config/yaml.js';
import { TempDir } from './temp.js';

let tmp: TempDir | undefined;
afterEach(() => tmp?.cleanup());

describe('templateParseError', () => {
  it.each([
    ['{{.Spec.Job}', 'unclosed action'],
    ['{{if .X}}a', 'missing {{end}}'],
    ['{{end}}', 'unexpected {{end}}'],
    ['{{nope .X}}', 'function "nope" not defined'],
    ['{{.X', 'unclosed action'],
  ])('refuses %s: %s', (source, why) => {
    expect(templateParseError(source)).toContain(why);
  });

  it.each(['plain text', '{{.Spec.Job}}/{{.Status.BuildID}}', '{{define "x"}}a{{end}}{{template "x" .}}', '{{range .L}}{{break}}{{end}}', '{{/* c */}}'])(
    'accepts %s',
    (source) => {
      expect(templateParseError(source)).toBeUndefined();
    },
  );
});

describe('welcome message templates in plugins.yaml', () => {
  it('is an error where Go refuses the template, with the file and path; a valid one is not', async () => {
    tmp = new TempDir();
    const file = tmp.write('plugins.yaml', toYaml({
      plugins: { org: ['welcome'] },
      welcome: [{ repos: ['org/a'], message_template: 'Hi {{.AuthorLogin' }, { repos: ['org/b'], message_template: '{{define "x"}}Hi{{end}}{{template "x" .}}' }],
    }));
    const r = await runCheckconfig({ pluginConfig: file });
    expect(r.problems.map((p) => [p.severity, p.file, p.path])).toEqual([['error', file, 'welcome[0].message_template']]);
    expect(r.problems[0]!.message).toContain('unclosed action');
  });
});

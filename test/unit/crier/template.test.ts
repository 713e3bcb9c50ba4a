import { describe, expect, it } from '@jest/globals';
import { parseTemplate, renderTemplate, TemplateError } from '../../../src/report/template.js';

const pj = {
  apiVersion: 'prow.k8s.io/v1',
  kind: 'ProwJob',
  metadata: { name: 'abc-123', labels: { 'prow.k8s.io/type': 'presubmit' } },
  spec: {
    type: 'presubmit',
    job: 'pull-unit',
    refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'b1', pulls: [{ number: 42, author: 'alice', sha: 'deadbeef' }] },
  },
  status: { state: 'failure', url: 'https://prow.example/view/1', build_id: '77' },
};

describe('Go text/template subset', () => {
  it("renders upstream's default Slack template", () => {
    expect(renderTemplate('Job {{.Spec.Job}} of type {{.Spec.Type}} ended with state {{.Status.State}}. <{{.Status.URL}}|View logs>', pj))
      .toBe('Job pull-unit of type presubmit ended with state failure. <https://prow.example/view/1|View logs>');
  });

  it("renders the documented Full PR test history template", () => {
    const t = '[Full PR test history](https://pr-history/{{if ne .Spec.Refs.Repo "origin"}}{{.Spec.Refs.Org}}_{{.Spec.Refs.Repo}}/{{end}}{{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}}).';
    expect(renderTemplate(t, pj)).toBe('[Full PR test history](https://pr-history/acme_widgets/42).');
    const origin = { ...pj, spec: { ...pj.spec, refs: { ...pj.spec.refs, repo: 'origin' } } };
    expect(renderTemplate(t, origin)).toBe('[Full PR test history](https://pr-history/42).');
  });

  it("renders upstream's job_url_template", () => {
    const t = 'https://s/{{if eq .Spec.Type "presubmit"}}pr-logs/pull{{else if eq .Spec.Type "batch"}}pr-logs/pull{{else}}logs{{end}}{{if ne .Spec.Refs.Repo "origin"}}/{{.Spec.Refs.Org}}_{{.Spec.Refs.Repo}}{{end}}{{if eq .Spec.Type "presubmit"}}/{{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}}{{else if eq .Spec.Type "batch"}}/batch{{end}}/{{.Spec.Job}}/{{.Status.BuildID}}/';
    expect(renderTemplate(t, pj)).toBe('https://s/pr-logs/pull/acme_widgets/42/pull-unit/77/');
    const periodic = { ...pj, spec: { ...pj.spec, type: 'periodic' } };
    expect(renderTemplate(t, periodic)).toBe('https://s/logs/acme_widgets/pull-unit/77/');
  });

  it('maps Go field names onto JSON keys, including embedded ObjectMeta', () => {
    expect(renderTemplate('{{.Spec.Refs.BaseSHA}} {{.Name}} {{.ObjectMeta.Name}} {{index .Labels "prow.k8s.io/type"}}', pj)).toBe('b1 abc-123 abc-123 presubmit');
    expect(renderTemplate('[{{.Status.Description}}]', pj)).toBe('[]');
  });

  it('ranges with variables and else, pipelines, printf, trimming and comments', () => {
    expect(renderTemplate('{{range $i, $p := .Spec.Refs.Pulls}}#{{$i}} {{$p.Author}}@{{.SHA}}{{end}}', pj)).toBe('#0 alice@deadbeef');
    expect(renderTemplate('{{range .Spec.ExtraRefs}}x{{else}}none{{end}}', pj)).toBe('none');
    expect(renderTemplate('{{.Spec.Job | printf "%s!"}} {{printf "%d-%q" 3 "a"}} {{len .Spec.Refs.Pulls}}', pj)).toBe('pull-unit! 3-"a" 1');
    expect(renderTemplate('a  {{- /* note */ -}}  b {{- "c" -}}   d', pj)).toBe('abcd');
    expect(renderTemplate('{{if and .Spec.Job (not .Spec.Hidden)}}shown{{end}}{{$x := "v"}}{{$x}}', pj)).toBe('shownv');
    expect(renderTemplate('{{if or .Spec.Hidden .Status.URL}}{{end}}{{with .Spec.Cluster}}c{{else}}no cluster{{end}}', pj)).toBe('no cluster');
    expect(renderTemplate('{{$.Spec.Job}}', pj)).toBe('pull-unit');
  });

  it('reports syntax and execution errors clearly', () => {
    expect(() => parseTemplate('{{if .X}}open')).toThrow(/missing \{\{end\}\}/);
    expect(() => parseTemplate('{{end}}')).toThrow(TemplateError);
    expect(() => parseTemplate('{{nosuchfunc .X}}')).toThrow(/function "nosuchfunc" not defined/);
    expect(() => parseTemplate('{{.X')).toThrow(/unclosed action/);
    expect(() => renderTemplate('{{index .Spec.Refs.Pulls 3}}', pj)).toThrow(/index out of range/);
    expect(() => renderTemplate('{{.Spec.Job.Foo}}', pj)).toThrow(/can't evaluate field Foo/);
  });
});

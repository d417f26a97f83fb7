import { checkAll } from '../../lib/compliance/checkers';
import { CLAIM_IDS } from '../../lib/compliance/claims';
import { mermaid } from '../../lib/compliance/diagram';
import { scheduleIntervalHours } from '../../lib/compliance/query';
import { failures, reportJson, reportMarkdown } from '../../lib/compliance/report';
import { securityPage } from '../../lib/compliance/security-page';
import { goodStage, mutate } from './fixtures/stage';

const m = goodStage();
const results = checkAll(m);

describe('PROOF-2 the report covers every claim of SPEC.md', () => {
  const md = reportMarkdown(m, results, '2026-11-27');
  test.each(CLAIM_IDS)('%s has a section and a summary row', (id) => {
    expect(md).toContain(`### ${id}\n`);
    expect(md).toContain(`| [${id}](#${id.toLowerCase()}) |`);
  });
  test('lists every acknowledgment with its resource and reason, and cfn-lint', () => {
    expect(md).toContain('| AwsSolutions-IAM5[Resource::*] | p-Data | OperatorPolicy |');
    expect(md).toMatch(/## cfn-lint\n\nNo error, no warning/);
    expect(md).toContain('**Result: PASS**');
  });
  test('JSON holds every claim and FAIL when one is not kept', () => {
    const json = reportJson(m, results, '2026-11-27') as { claims: Array<{ id: string }>; result: string };
    expect(json.claims.map((c) => c.id)).toEqual([...CLAIM_IDS]);
    expect(json.result).toBe('PASS');
    const broken = mutate(m, 'p-Data', 'Cluster', (r) => ({ ...r, Properties: { ...r.Properties, DeletionProtection: false } }));
    const r2 = checkAll(broken);
    expect(failures(r2).map((r) => r.id)).toEqual(['DB-6']);
    expect((reportJson(broken, r2, 'x') as { result: string }).result).toBe('FAIL');
  });
});

describe('security page and diagram are generated from the evidence', () => {
  test('the page states backup cadence, copy region and the two obsolete headers', () => {
    const page = securityPage(m, results);
    expect(page).toContain('every 4 hours (kept 1 days) and daily (kept 90 days)');
    expect(page).toContain('Frankfurt (eu-central-1)');
    expect(page).toMatch(/X-XSS-Protection\*\* is sent as `0`/);
    expect(page).toMatch(/Expect-CT\*\* is not sent/);
    expect(page).not.toContain('Not yet fully in place');
  });
  test('the diagram draws the request path and the backup copy', () => {
    const d = mermaid(m);
    expect(d).toContain('browser -->|HTTPS| p_Edge_Distribution');
    expect(d).toMatch(/p_App_Service -->\|TLS, IAM auth\| p_Data_Cluster/);
    expect(d).toMatch(/==>\|cross-region copy\| p_Recovery_/);
    expect(d).toContain('subgraph eu_central_1');
  });
});

describe('schedule parsing (BKP-2, BKP-6)', () => {
  test.each([
    ['cron(0 0/4 * * ? *)', 4],
    ['cron(0 */2 * * ? *)', 2],
    ['cron(0 * * * ? *)', 1],
    ['cron(0 3 * * ? *)', 24],
    ['cron(0 3,15 * * ? *)', 12],
    ['cron(0 6 ? * SAT *)', 168],
    ['rate(1 hour)', 1],
  ])('%s is every %d h', (expr, h) => expect(scheduleIntervalHours(expr)).toBe(h));
});

describe('BKP-2 cadence of rules together', () => {
  const { combinedIntervalHours } = jest.requireActual('../../lib/compliance/checkers/backup');
  test('a frequent rule that skips the daily hour is still every 4 h with the daily rule', () => {
    expect(combinedIntervalHours(['cron(0 7,11,15,19,23 * * ? *)', 'cron(0 3 * * ? *)'])).toBe(4);
    expect(combinedIntervalHours(['cron(0 7,11,15,19,23 * * ? *)'])).toBe(8);
    expect(combinedIntervalHours(['cron(0 6 ? * SAT *)'])).toBeUndefined();
  });
});

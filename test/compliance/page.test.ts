// PAGE-1: the security page says only what the evidence shows. Each sentence that states a limit (DB-2, DB-5, EDGE-1,
// BKP-3) is rendered from the REAL example stage, then from a copy whose templates are weakened one way at a time (a
// claim partly kept, a limit widened): the sentence must change with the evidence and never claim more than it.

import type { StageModel } from '../../lib/compliance/model/types';
import { mermaid } from '../../lib/compliance/render/diagram';
import { securityPage } from '../../lib/compliance/render/security-page';
import { realStageModel, TemplateEditor } from './real-stage-model';

let base: StageModel;
beforeAll(() => {
  base = realStageModel('example.json');
});

/** The bullet of the page that starts with `title` (the page is rendered without claim results: no gap notes). */
function bullet(m: StageModel, title: string): string {
  const line = securityPage(m, [])
    .split('\n')
    .find((l) => l.startsWith(`- **${title}`));
  if (!line) throw new Error(`no bullet "${title}" on the page`);
  return line;
}

/** The stage with its templates (and, if given, its config) changed by `mutate`. */
function weakened(mutate: (t: TemplateEditor) => void, config?: (c: StageModel['config']) => StageModel['config']) {
  const t = new TemplateEditor(base);
  mutate(t);
  return config ? { ...t.model, config: config(t.model.config) } : t.model;
}

const ALARM = 'Detection/MasterSecretRead/Rule/Resource';
const PARAMS = 'Data/Database/ClusterParameters/Resource';
const TARGET_GROUP = 'App/Origin/LoadBalancer/LoadBalancer/Https/AppGroup/Resource';
const planRule = (t: TemplateEditor, name: string): any =>
  t.at('Backup/BackupPlan/Plan/Resource').Properties.BackupPlan.BackupPlanRule.find((r: any) => r.RuleName === name);
const withTables = (tables: string[]) => (c: StageModel['config']) => ({
  ...c,
  database: { ...c.database, auditedTables: tables },
});

describe('PAGE-1 nothing on the page claims more than the evidence', () => {
  test('the overstatements are gone: no "every connection" with IAM, no "end to end" (page and diagram)', () => {
    const page = securityPage(base, []);
    expect(page).not.toMatch(/Every connection authenticates/);
    expect(page).not.toMatch(/end to end/i);
    expect(mermaid(base)).not.toMatch(/-->\|HTTPS\| prod_App_\w*Service/);
  });
});

describe('PAGE-1 DB-2 the master password is break-glass, and the alarm on its reads is what the page says', () => {
  const alerts =
    /It is for administration and emergencies only \(break-glass\): any read of it, except by (our automatic restore test, )?RDS's own rotation and AWS services acting on their own, alerts our team at once\.$/;
  const silent = /our operators can read it, and a read raises no alert\.$/;

  test('as built: one password still logs in, and any read but by the expected readers alerts the team', () => {
    const s = bullet(base, 'Proving identity.');
    expect(s).toMatch(/^- \*\*Proving identity\.\*\* The application and read-only access connect with short-lived/);
    expect(s).toMatch(/One password still logs in: the master password, .* changed every 60 days\./);
    expect(s).toMatch(alerts);
  });

  test.each<[string, (t: TemplateEditor) => void]>([
    ['the GetSecretValue rule removed', (t) => t.drop(ALARM)],
    [
      'the rule in state ENABLED (read-only events never reach it)',
      (t) => {
        t.at(ALARM).Properties.State = 'ENABLED';
      },
    ],
    [
      'the rule without a target',
      (t) => {
        t.at(ALARM).Properties.Targets = [];
      },
    ],
    [
      'the rule watching another secret',
      (t) => {
        t.at(ALARM).Properties.EventPattern.detail.requestParameters.secretId = ['arn:aws:other'];
      },
    ],
    [
      'the exclusion widened to every role (a prefix, not an ARN)',
      (t) => {
        t.at(ALARM).Properties.EventPattern.detail.$or[1].userIdentity.sessionContext.sessionIssuer.arn = [
          { 'anything-but': { prefix: 'arn:aws:iam::' } },
        ];
      },
    ],
    [
      "operator sessions never matched (the role sessions' branch removed)",
      (t) => {
        t.at(ALARM).Properties.EventPattern.detail.$or = [
          t.at(ALARM).Properties.EventPattern.detail.$or[0],
          { userIdentity: { type: ['Root'] } },
        ];
      },
    ],
    [
      'IAM users excluded by type',
      (t) => {
        t.at(ALARM).Properties.EventPattern.detail.$or[0].userIdentity.type[0]['anything-but'].push('IAMUser');
      },
    ],
  ])('%s: the page no longer says a read alerts the team', (_what, mutate) => {
    const s = bullet(weakened(mutate), 'Proving identity.');
    expect(s).not.toMatch(/alerts our team/);
    expect(s).toMatch(silent);
  });

  test('another excluded role is named as such, not hidden', () => {
    const s = bullet(
      weakened((t) =>
        t
          .at(ALARM)
          .Properties.EventPattern.detail.$or[1].userIdentity.sessionContext.sessionIssuer.arn[0]['anything-but'].push(
            'arn:aws:iam::111122223333:role/SomeoneElse',
          ),
      ),
      'Proving identity.',
    );
    expect(s).toMatch(
      /except by (our automatic restore test, )?RDS's own rotation, AWS services acting on their own and another role, alerts our team/,
    );
  });

  test('IAM authentication off: the page no longer says anyone connects with short-lived credentials', () => {
    const s = bullet(
      weakened((t) => {
        t.at('Data/Database/Cluster/Resource').Properties.EnableIAMDatabaseAuthentication = false;
      }),
      'Proving identity.',
    );
    expect(s).not.toMatch(/short-lived/);
  });
});

describe('PAGE-1 DB-5 the audit sentence names the classes the parameter group logs, and what it does not', () => {
  test('as built (ddl,role,write): reads are said not to be recorded', () => {
    const s = bullet(base, 'What the audit log records.');
    expect(s).toMatch(/classes `ddl`, `role` and `write`: schema changes, changes to users and permissions and data/);
    expect(s).toMatch(/kept 365 days; reads \(SELECT\), function calls and other commands are not\.$/);
  });

  test('a class removed (pgaudit.log = ddl,role): data changes move to what is not recorded', () => {
    const s = bullet(
      weakened((t) => {
        t.at(PARAMS).Properties.Parameters['pgaudit.log'] = 'ddl,role';
      }),
      'What the audit log records.',
    );
    expect(s).toMatch(/classes `ddl` and `role`:/);
    expect(s).toMatch(
      /data changes \(INSERT, UPDATE, DELETE\), reads \(SELECT\), function calls and other commands are not/,
    );
  });

  test('pgaudit not loaded: nothing is said to be recorded', () => {
    const s = bullet(
      weakened((t) => {
        t.at(PARAMS).Properties.Parameters.shared_preload_libraries = 'pg_stat_statements';
      }),
      'What the audit log records.',
    );
    expect(s).toMatch(/No database statement is recorded/);
  });

  test('database.auditedTables set: the page names the tables whose reads are recorded', () => {
    const s = bullet(
      weakened(() => undefined, withTables(['public.customers', 'billing.cards'])),
      'What the audit log records.',
    );
    expect(s).toMatch(
      /reads \(SELECT\), .* are not; reads of the tables `public.customers` and `billing.cards` are recorded too\.$/,
    );
  });

  test('tables configured but no object-audit role in the parameter group: the tables are not claimed', () => {
    const s = bullet(
      weakened((t) => void delete t.at(PARAMS).Properties.Parameters['pgaudit.role'], withTables(['public.customers'])),
      'What the audit log records.',
    );
    expect(s).not.toMatch(/customers/);
  });
});

describe('PAGE-1 EDGE-1 the page says where traffic inside the network is plain', () => {
  test('as built: HTTPS up to the load balancer, plain HTTP to the application on its port', () => {
    const s = bullet(base, 'HTTPS only');
    expect(s).toMatch(
      /Traffic is encrypted \(HTTPS\) up to our load balancer inside our private network; from there to the application it is plain HTTP on the application's private port \(8080\), inside that network\.$/,
    );
    expect(mermaid(base)).toMatch(/-->\|HTTP port 8080\| prod_App_/);
  });

  test('a target group on HTTPS: the page says encrypted up to the application, the diagram draws HTTPS', () => {
    const m = weakened((t) => {
      Object.assign(t.at(TARGET_GROUP).Properties, { Protocol: 'HTTPS', Port: 8443 });
    });
    expect(bullet(m, 'HTTPS only')).toMatch(/Traffic stays encrypted \(HTTPS\) up to the application itself\.$/);
    expect(mermaid(m)).toMatch(/-->\|HTTPS port 8443\| prod_App_/);
  });
});

describe('PAGE-1 BKP-3 the cross-region recovery point is stated with the figure the plan gives', () => {
  test('as built: copies of the 4-hourly and daily snapshots, continuous backup not copied', () => {
    const s = bullet(base, 'If Paris (eu-west-3) were lost.');
    expect(s).toMatch(/copies in Frankfurt \(eu-central-1\), the newest of which is at most about 4 hours old, plus/);
    expect(s).toMatch(/Continuous backup \(restore to the second\) is not copied: it stays in Paris \(eu-west-3\)\.$/);
  });

  test('the frequent rule no longer copies: the figure widens to the daily copies', () => {
    const s = bullet(
      weakened((t) => void delete planRule(t, 'Frequent').CopyActions),
      'If Paris (eu-west-3) were lost.',
    );
    expect(s).toMatch(/at most about 24 hours old/);
  });

  test('the frequent rule every 8 hours: the figure is 8 hours', () => {
    const s = bullet(
      weakened((t) => {
        planRule(t, 'Frequent').ScheduleExpression = 'cron(0 7,15,23 * * ? *)';
      }),
      'If Paris (eu-west-3) were lost.',
    );
    expect(s).toMatch(/at most about 8 hours old/);
  });

  test('nothing copied to the backup region: no recovery point is claimed', () => {
    const s = bullet(
      weakened((t) => {
        for (const name of ['Frequent', 'Daily']) delete planRule(t, name).CopyActions;
      }),
      'If Paris (eu-west-3) were lost.',
    );
    expect(s).toMatch(/No backup is copied to Frankfurt \(eu-central-1\)/);
    expect(s).not.toMatch(/hours/);
  });
});

import { asArray, field, getPath } from '../model/json';
import { configNote, ev, prop, propsOf, type Res, resolve, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'BKP-5';

/** The Backup Audit Manager controls the claim needs, by what they check. */
const FRAMEWORK_CONTROLS: Readonly<Record<string, RegExp>> = {
  encryption: /^BACKUP_RECOVERY_POINT_ENCRYPTED$/,
  'cross-region copy': /^BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION$/,
  'minimum retention':
    /^(BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK|BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK)$/,
  frequency: /^BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK$/,
};

const VAULT_EVENT = { Backup: 'BACKUP_JOB_FAILED', Copy: 'COPY_JOB_FAILED', Restore: 'RESTORE_JOB_FAILED' } as const;

/** Does an EventBridge rule or a vault notification route failed jobs of this kind to a topic? */
function failureRouted(m: StageModel, kind: keyof typeof VAULT_EVENT, v: Verdict): boolean {
  const viaRule = resources(m, 'AWS::Events::Rule').filter((r) => {
    const p = propsOf(r).EventPattern;
    const detail = asArray(field(p, 'detail-type')).map(String);
    const states = JSON.stringify(getPath(p, 'detail.state') ?? getPath(p, 'detail.status') ?? '');
    const toTopic = asArray(propsOf(r).Targets).some((t) => {
      const arn = field(t, 'Arn');
      return resolve(m, r.stack, arn)?.r.Type === 'AWS::SNS::Topic' || /sns|Topic|Alert/i.test(text(arn));
    });
    return (
      asArray(field(p, 'source')).includes('aws.backup') &&
      detail.some((d) => d.startsWith(kind)) &&
      /FAILED/.test(states) &&
      toTopic
    );
  });
  for (const r of viaRule) v.add(ev(r, 'EventPattern'));
  const viaVault = resources(m, 'AWS::Backup::BackupVault').filter((x) =>
    asArray(prop(x, 'Notifications.BackupVaultEvents')).includes(VAULT_EVENT[kind]),
  );
  for (const x of viaVault) v.add(ev(x, 'Notifications.BackupVaultEvents'));
  return viaRule.length + viaVault.length > 0;
}

/** The Backup Audit Manager controls of the stage's frameworks. */
function checkControls(m: StageModel, v: Verdict): void {
  const fws = resources(m, 'AWS::Backup::Framework');
  const controlsOf = (f: Res) => asArray(propsOf(f).FrameworkControls).map((c) => field(c, 'ControlName'));
  const controls = fws.flatMap(controlsOf).map(String);
  for (const f of fws) v.add(ev(f, 'FrameworkControls', controlsOf(f)));
  for (const [what, re] of Object.entries(FRAMEWORK_CONTROLS))
    v.need(
      controls.some((c) => re.test(c)),
      `no Backup Audit Manager control for ${what}`,
    );
}

export const bkp5: Claim = {
  id: ID,
  promise: 'backup integrity checked regularly',
  declared:
    'AWS Backup restore testing (`AWS::Backup::RestoreTestingPlan` + selection) on a schedule, plus AWS Backup ' +
    'Audit Manager controls (encrypted, cross-region copy, minimum retention, frequency); failed backup, copy or ' +
    'restore jobs raise an alarm. Beyond: automatic, not semi-automatic',
  check: (m) => {
    const v = new Verdict(ID);
    const plans = resources(m, 'AWS::Backup::RestoreTestingPlan');
    for (const p of plans) v.add(ev(p, 'ScheduleExpression'));
    v.need(
      plans.length > 0 && plans.every((p) => /^(cron|rate)\(/.test(String(propsOf(p).ScheduleExpression ?? ''))),
      'no scheduled AWS::Backup::RestoreTestingPlan',
    );
    const sels = resources(m, 'AWS::Backup::RestoreTestingSelection');
    for (const s of sels)
      v.add(
        ev(s, 'ProtectedResourceType'),
        ev(s, 'ProtectedResourceArns', asArray(propsOf(s).ProtectedResourceArns).map(text)),
      );
    v.need(
      sels.some((s) => /Aurora|RDS/i.test(String(propsOf(s).ProtectedResourceType))),
      'no restore testing selection of the Aurora cluster',
    );
    const audited = m.config.backup.auditFramework;
    if (audited) checkControls(m, v);
    else v.add(configNote('backup.auditFramework', 'auditFramework', false));
    for (const kind of ['Backup', 'Copy', 'Restore'] as const)
      v.need(failureRouted(m, kind, v), `failed ${kind.toLowerCase()} jobs raise no alert`);
    const schedules = plans.map((p) => propsOf(p).ScheduleExpression).join(', ');
    const framework = audited ? '' : ' (switched off in config: no AWS Config recording)';
    return v.done(
      `Automatic restore tests on ${schedules}, Backup Audit Manager controls${framework}, and an alert on every ` +
        'failed backup, copy or restore job.',
    );
  },
  page: [
    {
      section: 'backups',
      text: () =>
        '**Integrity checked automatically, not semi-automatically.** Every week AWS Backup restores the latest ' +
        'backup into an isolated network and a test checks the data; audit controls verify encryption, copies, ' +
        'retention and frequency; any failed backup, copy or restore alerts the team.',
    },
  ],
  beyond: 'Automatic restore tests every week (the page: semi-automatic integrity checks).',
};

import { clusterParameters, clusters, noCluster } from '../model/database';
import { asArray, type JsonObject, num } from '../model/json';
import { ev, propsOf, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import { and, days } from '../render/words';
import type { Claim } from './claim';

const ID = 'DB-5';

/** pgaudit's statement classes in the customer's words, in the order the page lists them. */
const CLASS_WORDS: ReadonlyArray<readonly [cls: string, words: string]> = [
  ['ddl', 'schema changes'],
  ['role', 'changes to users and permissions'],
  ['write', 'data changes (INSERT, UPDATE, DELETE)'],
  ['read', 'reads (SELECT)'],
  ['function', 'function calls'],
  ['misc', 'other commands'],
  ['misc_set', 'SET commands'],
];

/** The classes a `pgaudit.log` value logs: its named classes, `all` expanded, `-class` removed. */
function auditedClasses(value: unknown): string[] {
  const parts = String(value ?? '')
    .toLowerCase()
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x && x !== 'none');
  const on = new Set<string>();
  for (const p of parts.filter((x) => !x.startsWith('-')))
    for (const c of p === 'all' ? CLASS_WORDS.map(([k]) => k) : [p]) on.add(c);
  for (const p of parts.filter((x) => x.startsWith('-'))) on.delete(p.slice(1));
  // misc_set is part of misc in pgaudit: logging misc logs SET too.
  if (on.has('misc')) on.add('misc_set');
  return CLASS_WORDS.map(([k]) => k).filter((k) => on.has(k));
}

/**
 * The DB-5 sentence, from the cluster parameter group and the log group: which statements are recorded and which are
 * not, the tables whose reads are audited when the stage names some (only if pgaudit's object-audit role is set), and
 * how long the records are kept.
 */
function auditSentence(m: StageModel): string {
  const c = clusters(m)[0];
  const params: JsonObject = c ? clusterParameters(m, c).params : {};
  const loaded = /(^|,)\s*pgaudit\s*(,|$)/.test(String(params.shared_preload_libraries ?? ''));
  const classes = loaded ? auditedClasses(params['pgaudit.log']) : [];
  if (!classes.length)
    return '**What the audit log records.** No database statement is recorded by an audit log (pgaudit is off).';
  const words = (ks: readonly string[]) => and(CLASS_WORDS.filter(([k]) => ks.includes(k)).map(([, w]) => w));
  const logged = CLASS_WORDS.map(([k]) => k).filter((k) => classes.includes(k));
  const notLogged = CLASS_WORDS.map(([k]) => k).filter((k) => !classes.includes(k) && k !== 'misc_set');
  const objectRole = typeof params['pgaudit.role'] === 'string' && params['pgaudit.role'] !== '';
  const tables = objectRole && !classes.includes('read') ? m.config.database.auditedTables : [];
  const retention = resources(m, 'AWS::Logs::LogGroup')
    .filter((g) => /\/aws\/rds\/cluster\/.*\/postgresql/.test(text(propsOf(g).LogGroupName)))
    .map((g) => num(propsOf(g).RetentionInDays))
    .find((d) => d !== undefined);
  const notes = [
    notLogged.length ? `${words(notLogged)} are not` : '',
    tables.length
      ? `reads of the table${tables.length > 1 ? 's' : ''} ${and(tables.map((t) => `\`${t}\``))} are recorded too`
      : '',
  ].filter(Boolean);
  return (
    `**What the audit log records.** pgaudit records every statement of the classes ${and(logged.map((k) => `\`${k}\``))}: ` +
    `${words(logged)}, with the database user who ran it` +
    (retention === undefined ? '' : `, kept ${days(retention)}`) +
    (notes.length ? `; ${notes.join('; ')}` : '') +
    '.'
  );
}

export const db5: Claim = {
  id: ID,
  promise: 'database activity is audited',
  declared: 'engine audit logging (pgaudit for PostgreSQL) exported to CloudWatch Logs with a set retention, encrypted',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    for (const c of cs) {
      const { group, params } = clusterParameters(m, c);
      if (group)
        v.add(
          ev(group, 'Parameters.shared_preload_libraries', params.shared_preload_libraries),
          ev(group, 'Parameters.pgaudit.log', params['pgaudit.log']),
        );
      v.need(
        /(^|,)\s*pgaudit\s*(,|$)/.test(String(params.shared_preload_libraries ?? '')),
        `${c.id}: pgaudit is not in shared_preload_libraries`,
      );
      v.need(
        !!params['pgaudit.log'] && String(params['pgaudit.log']).toLowerCase() !== 'none',
        `${c.id}: pgaudit.log is not set`,
      );
      v.add(ev(c, 'EnableCloudwatchLogsExports'));
      v.need(
        asArray(propsOf(c).EnableCloudwatchLogsExports).includes('postgresql'),
        `${c.id}: PostgreSQL logs are not exported to CloudWatch Logs`,
      );
    }
    const groups = resources(m, 'AWS::Logs::LogGroup').filter((g) =>
      /\/aws\/rds\/cluster\/.*\/postgresql/.test(text(propsOf(g).LogGroupName)),
    );
    v.need(groups.length > 0, 'no declared /aws/rds/cluster/<id>/postgresql log group');
    for (const g of groups) {
      v.add(
        ev(g, 'LogGroupName', text(propsOf(g).LogGroupName)),
        ev(g, 'RetentionInDays'),
        ev(g, 'KmsKeyId', text(propsOf(g).KmsKeyId)),
      );
      v.need(typeof propsOf(g).RetentionInDays === 'number', `${g.id} has no retention`);
      v.need(propsOf(g).KmsKeyId !== undefined, `${g.id} is not encrypted`);
    }
    const logged = cs.flatMap((c) => auditedClasses(clusterParameters(m, c).params['pgaudit.log']));
    return v.done(
      `pgaudit logs the statement classes ${[...new Set(logged)].join(', ')}` +
        (logged.includes('read') ? '' : ' (reads are not logged)') +
        ` into CloudWatch Logs, encrypted, kept ${m.config.database.logRetentionDays} days.`,
    );
  },
  page: [{ section: 'database', text: auditSentence }],
};

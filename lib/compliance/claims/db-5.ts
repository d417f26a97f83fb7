import { clusterParameters, clusters, noCluster } from '../model/database';
import { asArray } from '../model/json';
import { ev, propsOf, resources, text } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DB-5';

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
    return v.done(
      'pgaudit logs database activity into CloudWatch Logs, encrypted, kept ' +
        `${m.config.database.logRetentionDays} days.`,
    );
  },
};

import { clusters, instancesOf, masterSecret, noCluster } from '../model/database';
import { ev, propsOf, resources, text } from '../model/query';
import { needRotatingKey, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DB-4';

export const db4: Claim = {
  id: ID,
  promise: '(implied) data at rest is encrypted',
  declared: 'storage, Performance Insights and log groups encrypted with a customer-managed KMS key with rotation',
  check: (m) => {
    const cs = clusters(m);
    if (!cs.length) return noCluster(ID);
    const v = new Verdict(ID);
    for (const c of cs) {
      v.add(ev(c, 'StorageEncrypted'));
      v.need(propsOf(c).StorageEncrypted === true, `${c.id}: storage is not encrypted`);
      needRotatingKey(m, v, c, 'KmsKeyId', 'cluster storage');
      const clusterPi = propsOf(c).PerformanceInsightsEnabled === true;
      const insts = instancesOf(m, c);
      if (clusterPi) needRotatingKey(m, v, c, 'PerformanceInsightsKmsKeyId', 'Performance Insights');
      for (const i of insts) {
        if (propsOf(i).EnablePerformanceInsights === true)
          needRotatingKey(m, v, i, 'PerformanceInsightsKMSKeyId', `Performance Insights of ${i.id}`);
      }
      const piOn = clusterPi || insts.some((i) => propsOf(i).EnablePerformanceInsights === true);
      v.add(ev(c, 'PerformanceInsightsEnabled', piOn));
      v.want(piOn, `${c.id}: Performance Insights is off, so its encryption cannot be shown`);
      if (propsOf(c).ManageMasterUserPassword === true)
        needRotatingKey(m, v, c, 'MasterUserSecret.KmsKeyId', 'master secret');
      else {
        const secret = masterSecret(c);
        if (secret) needRotatingKey(m, v, secret, 'KmsKeyId', 'master secret');
      }
    }
    const groups = resources(m, 'AWS::Logs::LogGroup').filter((g) =>
      /\/aws\/rds\//.test(text(propsOf(g).LogGroupName)),
    );
    v.need(groups.length > 0, 'no declared /aws/rds/... log group (CDK would create it unencrypted)');
    for (const g of groups) {
      v.add(ev(g, 'LogGroupName', text(propsOf(g).LogGroupName)));
      needRotatingKey(m, v, g, 'KmsKeyId', `log group ${g.id}`);
    }
    return v.done(
      'Storage, Performance Insights, the master secret and the database log groups are encrypted with ' +
        'customer-managed keys that rotate.',
    );
  },
  page: [
    {
      section: 'database',
      status: [ID, 'DB-5'],
      text: ({ config: c }) =>
        '**Encryption and audit.** Data, logs and backups are encrypted with our own keys (AES-256, rotated ' +
        `yearly). Database changes are recorded (pgaudit: which statements, below) and kept ${c.database.logRetentionDays} days.`,
    },
  ],
};

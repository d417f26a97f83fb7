import { asArray, field, getPath, isObject, obj } from '../model/json';
import { ev, note, prop, propsOf, type Res, resolve, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-4';

/** The statements of a key policy. */
const keyStatements = (key: Res) => asArray(prop(key, 'KeyPolicy.Statement')).filter(isObject);

/** Whether a key policy admits a service principal for the given actions. */
function admits(key: Res, service: RegExp, actions: RegExp = /kms:(GenerateDataKey|Encrypt|\*)/i): boolean {
  return keyStatements(key).some((s) => {
    if (s.Effect !== 'Allow') return false;
    const principals = asArray(getPath(s, 'Principal.Service')).map(text);
    const acts = asArray(s.Action).map(String);
    return principals.some((p) => service.test(p)) && acts.some((a) => actions.test(a) || a === 'kms:*');
  });
}

/** The account root may use the key through AWS Backup (kms:ViaService). */
function rootViaBackup(key: Res): boolean {
  return keyStatements(key).some(
    (s) =>
      s.Effect === 'Allow' &&
      /:root/.test(text(getPath(s, 'Principal.AWS'))) &&
      Object.values(obj(s.Condition)).some((op) => /backup\./.test(JSON.stringify(field(op, 'kms:ViaService') ?? ''))),
  );
}

/** The services that publish to a topic: EventBridge rules, CloudWatch alarms, SES events, Backup vaults. */
function publishers(m: StageModel, topic: Res): string[] {
  const is = (x: Res, value: unknown) => sameRes(resolve(m, x.stack, value), topic);
  const fromRules = resources(m, 'AWS::Events::Rule').some((r) =>
    asArray(propsOf(r).Targets).some((t) => is(r, field(t, 'Arn'))),
  );
  const fromAlarms = resources(m, 'AWS::CloudWatch::Alarm').some((a) =>
    ['AlarmActions', 'OKActions', 'InsufficientDataActions'].some((k) => asArray(propsOf(a)[k]).some((x) => is(a, x))),
  );
  const fromSes = resources(m, 'AWS::SES::ConfigurationSetEventDestination').some((d) =>
    is(d, prop(d, 'EventDestination.SnsDestination.TopicARN')),
  );
  const fromBackup = resources(m, 'AWS::Backup::BackupVault').some((b) => is(b, prop(b, 'Notifications.SNSTopicArn')));
  const used: Array<[boolean, string]> = [
    [fromRules, 'events'],
    [fromAlarms, 'cloudwatch'],
    [fromSes, 'ses'],
    [fromBackup, 'backup'],
  ];
  return used.filter(([u]) => u).map(([, svc]) => svc);
}

/** Checks every key/writer pair of the stage; returns how many there are. */
function checkPairs(m: StageModel, v: Verdict): number {
  const keyOf = (x: Res, value: unknown) => {
    const k = resolve(m, x.stack, value);
    return k?.r.Type === 'AWS::KMS::Key' ? k : undefined;
  };
  let pairs = 0;
  for (const g of resources(m, 'AWS::Logs::LogGroup').filter((x) => propsOf(x).KmsKeyId)) {
    const k = keyOf(g, propsOf(g).KmsKeyId);
    if (!k) continue;
    pairs++;
    const region = g.stack.region.replace(/-/g, '\\-');
    const ok = admits(k, new RegExp(`^logs\\.(${region}|\\$\\{AWS::Region\\})\\.amazonaws\\.com$`));
    v.add(ev(k, `KeyPolicy admits logs.${g.stack.region}.amazonaws.com (for ${g.id})`, ok));
    v.need(ok, `key ${k.stack.name}/${k.id} does not admit CloudWatch Logs for log group ${g.id}`);
  }
  for (const t of resources(m, 'AWS::CloudTrail::Trail').filter((x) => propsOf(x).KMSKeyId)) {
    const k = keyOf(t, propsOf(t).KMSKeyId);
    if (!k) continue;
    pairs++;
    const ok = admits(k, /^cloudtrail\.amazonaws\.com$/);
    v.add(ev(k, `KeyPolicy admits cloudtrail.amazonaws.com (for ${t.id})`, ok));
    v.need(ok, `key ${k.stack.name}/${k.id} does not admit CloudTrail for trail ${t.id}`);
  }
  for (const topic of resources(m, 'AWS::SNS::Topic').filter((x) => propsOf(x).KmsMasterKeyId)) {
    const k = keyOf(topic, propsOf(topic).KmsMasterKeyId);
    if (!k) continue;
    for (const svc of publishers(m, topic)) {
      pairs++;
      const ok = admits(k, new RegExp(`^${svc}\\.amazonaws\\.com$`), /kms:(GenerateDataKey|Decrypt|\*)/i);
      v.add(ev(k, `KeyPolicy admits ${svc}.amazonaws.com (topic ${topic.id})`, ok));
      v.need(
        ok,
        `key ${k.stack.name}/${k.id} does not admit ${svc}.amazonaws.com, which publishes to encrypted topic ` +
          `${topic.id}`,
      );
    }
  }
  for (const vault of resources(m, 'AWS::Backup::BackupVault')) {
    const k = keyOf(vault, propsOf(vault).EncryptionKeyArn);
    if (!k) continue;
    pairs++;
    const ok =
      admits(k, /^backup\.amazonaws\.com$/, /kms:(CreateGrant|GenerateDataKey|Decrypt|\*)/i) || rootViaBackup(k);
    v.add(ev(k, `KeyPolicy usable by AWS Backup (vault ${vault.id})`, ok));
    v.need(ok, `key ${k.stack.name}/${k.id} of vault ${vault.id} is not usable by AWS Backup`);
  }
  return pairs;
}

export const proof4: Claim = {
  id: ID,
  promise: '',
  declared:
    'it works when deployed, not only at synth: every customer-managed KMS key lets the services that write with ' +
    'it use it (CloudWatch Logs for encrypted log groups, CloudTrail, CloudWatch alarms and EventBridge ' +
    'publishing to encrypted topics, AWS Backup); CDK does not always add these grants and synth does not notice',
  check: (m) => {
    const v = new Verdict(ID);
    const pairs = checkPairs(m, v);
    v.add(note('(all)', 'AWS::KMS::Key', 'count', 'key/writer pairs checked', pairs));
    return v.done(
      `All ${pairs} key/writer pairs are admitted: CloudWatch Logs for encrypted log groups, CloudTrail, ` +
        'EventBridge and CloudWatch alarms for encrypted topics, AWS Backup for vault keys.',
    );
  },
};

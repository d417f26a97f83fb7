import { asArray, field, getPath } from '../model/json';
import { ev, key, note, propsOf, type Res, resolve, resources, sameRes, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'DET-3';

const encryptedTopic = (t: Res | undefined): boolean =>
  !!t && t.r.Type === 'AWS::SNS::Topic' && propsOf(t).KmsMasterKeyId !== undefined;

const targetArns = (r: Res): unknown[] => asArray(propsOf(r).Targets).map((t) => field(t, 'Arn'));
const sourcesOf = (r: Res): unknown[] => asArray(getPath(propsOf(r), 'EventPattern.source'));
const patternText = (r: Res): string => JSON.stringify(propsOf(r).EventPattern);

/** GuardDuty and Security Hub findings are routed, at the configured severity, to encrypted topics. */
function checkFindingRules(m: StageModel, v: Verdict, rules: readonly Res[]): void {
  const toEncryptedTopic = (r: Res) => targetArns(r).some((arn) => encryptedTopic(resolve(m, r.stack, arn)));
  const gd = rules.filter((r) => sourcesOf(r).includes('aws.guardduty'));
  for (const r of gd) v.add(ev(r, 'EventPattern'), ev(r, 'Targets', targetArns(r).map(text)));
  v.need(gd.length > 0 && gd.every(toEncryptedTopic), 'GuardDuty findings are not routed to a KMS-encrypted topic');
  const min = m.config.detection.guardDutyMinSeverity;
  // Every region's rule, not one of them: a rule raised to a higher threshold silences its region.
  v.need(gd.length > 0, `no GuardDuty rule filters on severity >= ${min} (config detection.guardDutyMinSeverity)`);
  for (const r of gd)
    v.need(
      patternText(r).includes(`">=",${min}`),
      `GuardDuty rule ${r.stack.name}/${r.id} does not route findings of severity >= ${min} (config ` +
        'detection.guardDutyMinSeverity)',
    );
  const sh = rules.filter((r) => sourcesOf(r).includes('aws.securityhub'));
  for (const r of sh) v.add(ev(r, 'EventPattern'));
  v.need(
    sh.some((r) => /HIGH/.test(patternText(r)) && /CRITICAL/.test(patternText(r)) && toEncryptedTopic(r)),
    'Security Hub HIGH and CRITICAL findings are not routed to an encrypted topic',
  );
}

/** Every topic a rule or an alarm publishes to reaches every team address. */
function checkSubscriptions(m: StageModel, v: Verdict, rules: readonly Res[], alarms: readonly Res[]): void {
  // A topic in one region without subscribers silently swallows that region's alerts.
  const used = new Map<string, Res>();
  const use = (from: Res, arn: unknown) => {
    const topic = resolve(m, from.stack, arn);
    if (topic?.r.Type === 'AWS::SNS::Topic') used.set(key(topic), topic);
  };
  for (const r of rules) for (const arn of targetArns(r)) use(r, arn);
  for (const a of alarms) for (const x of asArray(propsOf(a).AlarmActions)) use(a, x);
  const subscriptions = resources(m, 'AWS::SNS::Subscription').filter((s) => propsOf(s).Protocol === 'email');
  for (const topic of used.values()) {
    const reached = subscriptions
      .filter((s) => sameRes(resolve(m, s.stack, propsOf(s).TopicArn), topic))
      .map((s) => String(propsOf(s).Endpoint));
    v.add(note(topic.stack.name, topic.id, 'AWS::SNS::Topic', 'email subscriptions', reached, topic.stack.region));
    for (const e of m.config.alertEmails)
      v.need(reached.includes(e), `${e} is not subscribed to ${key(topic)}, which alerts publish to`);
  }
}

export const det3: Claim = {
  id: ID,
  promise: 'alert the team immediately',
  declared:
    'GuardDuty findings over a configurable severity, Security Hub findings, WAF and backup alarms routed ' +
    "through EventBridge to a KMS-encrypted SNS topic with the team's address",
  check: (m) => {
    const v = new Verdict(ID);
    const rules = resources(m, 'AWS::Events::Rule');
    checkFindingRules(m, v, rules);
    if (m.config.detection.securityHub === 'create') {
      const hubs = resources(m, 'AWS::SecurityHub::Hub');
      for (const h of hubs) v.add(ev(h, 'EnableDefaultStandards'));
      v.need(hubs.length > 0, 'securityHub is "create" but no AWS::SecurityHub::Hub is declared');
    }
    const alarms = resources(m, 'AWS::CloudWatch::Alarm');
    for (const a of alarms) {
      v.need(
        asArray(propsOf(a).AlarmActions).some((x) => encryptedTopic(resolve(m, a.stack, x))),
        `alarm ${a.stack.name}/${a.id} notifies no encrypted topic`,
      );
    }
    v.add(note('(all)', 'AWS::CloudWatch::Alarm', 'count', 'alarms routed to an encrypted topic', alarms.length));
    const topics = resources(m, 'AWS::SNS::Topic').filter(encryptedTopic);
    v.add(...topics.map((t) => ev(t, 'KmsMasterKeyId', text(propsOf(t).KmsMasterKeyId))));
    checkSubscriptions(m, v, rules, alarms);
    const min = m.config.detection.guardDutyMinSeverity;
    return v.done(
      `GuardDuty findings at severity ${min} and above, Security Hub HIGH/CRITICAL findings and every alarm ` +
        `reach ${m.config.alertEmails.join(', ')} through KMS-encrypted SNS topics.`,
    );
  },
};

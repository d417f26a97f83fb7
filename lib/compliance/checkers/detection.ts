// DET-1..DET-5: GuardDuty, SQLi alarms, alert routing, audit trail, status.
import type { Checker, StageModel } from '../model';
import {
  asArray,
  ev,
  getPath,
  key,
  notApplicable,
  propsOf,
  type Res,
  resolve,
  resources,
  sameRes,
  text,
  Verdict,
} from '../query';

const FEATURES = ['RDS_LOGIN_EVENTS', 'S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'];

export const det1: Checker = (m) => {
  const v = new Verdict('DET-1');
  const detectors = resources(m, 'AWS::GuardDuty::Detector');
  v.add({
    stack: '(config)',
    region: '-',
    logicalId: 'guardDuty',
    type: 'config',
    property: 'guardDuty',
    value: m.config.guardDuty,
  });
  const regions = [m.config.primaryRegion, m.config.backupRegion];
  if (m.config.guardDuty === 'existing') {
    v.need(
      detectors.length === 0,
      'guardDuty is "existing" but the stage declares a detector (deploy would fail: one detector per region)',
    );
  } else {
    for (const region of regions) {
      const here = detectors.filter((d) => d.stack.region === region);
      if (!v.need(here.length === 1, `${here.length} GuardDuty detectors in ${region}`)) continue;
      const d = here[0];
      v.add(
        ev(d, 'Enable'),
        ev(
          d,
          'Features',
          asArray(propsOf(d).Features).map((f: any) => `${f.Name}=${f.Status}`),
        ),
      );
      v.need(propsOf(d).Enable === true, `detector in ${region} is not enabled`);
      v.need(propsOf(d).DataSources === undefined, `detector in ${region} mixes legacy DataSources with Features`);
      for (const f of FEATURES)
        v.need(
          asArray(propsOf(d).Features).some((x: any) => x.Name === f && x.Status === 'ENABLED'),
          `detector in ${region} lacks ${f}`,
        );
    }
  }
  // Findings must be routed wherever detection runs.
  for (const region of regions) {
    v.need(
      resources(m, 'AWS::Events::Rule').some(
        (r) => r.stack.region === region && asArray(propsOf(r).EventPattern?.source).includes('aws.guardduty'),
      ),
      `GuardDuty findings of ${region} are not routed to the team`,
    );
  }
  return v.done(
    m.config.guardDuty === 'create'
      ? `GuardDuty with RDS login activity, S3 data event and EBS malware protection in ${regions.join(' and ')}; findings routed to the team.`
      : `The account's existing GuardDuty detectors are used (guardDuty: existing); the stage only routes their findings in ${regions.join(' and ')}.`,
  );
};

/** Web ACLs with their scope and what they protect. */
function webAcls(m: StageModel): Res[] {
  return resources(m, 'AWS::WAFv2::WebACL');
}

export function managedGroups(acl: Res): Array<{ name: string; rule: any; counting: boolean }> {
  return asArray(propsOf(acl).Rules).flatMap((rule: any) => {
    const stmt = rule.Statement?.ManagedRuleGroupStatement;
    if (!stmt) return [];
    return [{ name: String(stmt.Name), rule, counting: rule.OverrideAction?.Count !== undefined }];
  });
}

/** Metric names in alarms of a region (plain and metric-math alarms). */
function alarmMetrics(
  m: StageModel,
): Array<{ alarm: Res; namespace: string; name: string; dims: Record<string, string> }> {
  return resources(m, 'AWS::CloudWatch::Alarm').flatMap((alarm) => {
    const p = propsOf(alarm);
    const dims = (ds: any) => Object.fromEntries(asArray(ds).map((d: any) => [d.Name, text(d.Value)]));
    const plain = p.MetricName
      ? [{ alarm, namespace: String(p.Namespace), name: String(p.MetricName), dims: dims(p.Dimensions) }]
      : [];
    const math = asArray(p.Metrics)
      .filter((x: any) => x.MetricStat)
      .map((x: any) => ({
        alarm,
        namespace: String(x.MetricStat.Metric.Namespace),
        name: String(x.MetricStat.Metric.MetricName),
        dims: dims(x.MetricStat.Metric.Dimensions),
      }));
    return [...plain, ...math];
  });
}

export const det2: Checker = (m) => {
  const v = new Verdict('DET-2');
  const acls = webAcls(m);
  const isPublic = m.config.exposure === 'public';
  if (!acls.length && !isPublic)
    return notApplicable('DET-2', 'internal stage: no public entry exists (ORG-2), and no web ACL is declared');
  v.need(acls.length > 0, 'no WAF web ACL');
  if (isPublic)
    v.need(
      acls.some((a) => propsOf(a).Scope === 'CLOUDFRONT'),
      'no CLOUDFRONT web ACL in front of the public entry',
    );
  for (const acl of acls) {
    const sqli = managedGroups(acl).find((g) => g.name === 'AWSManagedRulesSQLiRuleSet');
    v.add(
      ev(acl, 'Scope'),
      ev(
        acl,
        'Rules[AWSManagedRulesSQLiRuleSet]',
        sqli ? { metric: sqli.rule.VisibilityConfig?.MetricName, counting: sqli.counting } : '(absent)',
      ),
    );
    if (!v.need(!!sqli && !sqli.counting, `web ACL ${acl.id} has no blocking SQL injection rule group`)) continue;
    const metric = sqli!.rule.VisibilityConfig?.MetricName;
    const alarms = alarmMetrics(m).filter(
      (a) => a.namespace === 'AWS/WAFV2' && a.dims.Rule === metric && a.alarm.stack.region === acl.stack.region,
    );
    alarms.forEach((a) => v.add(ev(a.alarm, 'Metric', `${a.namespace} ${a.name} Rule=${a.dims.Rule}`)));
    v.need(
      alarms.length > 0,
      `no alarm on the SQL injection matches of ${acl.id} (AWS/WAFV2, Rule=${metric}, in ${acl.stack.region})`,
    );
  }
  return v.done('The AWS SQL injection managed rule group blocks on every web ACL, and an alarm fires on its matches.');
};

const encryptedTopic = (m: StageModel, t: Res | undefined) =>
  !!t && t.r.Type === 'AWS::SNS::Topic' && propsOf(t).KmsMasterKeyId !== undefined;

export const det3: Checker = (m) => {
  const v = new Verdict('DET-3');
  const rules = resources(m, 'AWS::Events::Rule');
  const toEncryptedTopic = (r: Res) =>
    asArray(propsOf(r).Targets).some((t: any) => encryptedTopic(m, resolve(m, r.stack, t.Arn)));
  const gd = rules.filter((r) => asArray(propsOf(r).EventPattern?.source).includes('aws.guardduty'));
  gd.forEach((r) =>
    v.add(
      ev(r, 'EventPattern'),
      ev(
        r,
        'Targets',
        asArray(propsOf(r).Targets).map((t: any) => text(t.Arn)),
      ),
    ),
  );
  v.need(gd.length > 0 && gd.every(toEncryptedTopic), 'GuardDuty findings are not routed to a KMS-encrypted topic');
  const min = m.config.detection.guardDutyMinSeverity;
  // Every region's rule, not one of them: a rule raised to a higher threshold silences its region.
  v.need(gd.length > 0, `no GuardDuty rule filters on severity >= ${min} (config detection.guardDutyMinSeverity)`);
  for (const r of gd)
    v.need(
      JSON.stringify(propsOf(r).EventPattern).includes(`">=",${min}`),
      `GuardDuty rule ${r.stack.name}/${r.id} does not route findings of severity >= ${min} (config detection.guardDutyMinSeverity)`,
    );
  const sh = rules.filter((r) => asArray(propsOf(r).EventPattern?.source).includes('aws.securityhub'));
  sh.forEach((r) => v.add(ev(r, 'EventPattern')));
  v.need(
    sh.some(
      (r) =>
        /HIGH/.test(JSON.stringify(propsOf(r).EventPattern)) &&
        /CRITICAL/.test(JSON.stringify(propsOf(r).EventPattern)) &&
        toEncryptedTopic(r),
    ),
    'Security Hub HIGH and CRITICAL findings are not routed to an encrypted topic',
  );
  if (m.config.detection.securityHub === 'create') {
    const hubs = resources(m, 'AWS::SecurityHub::Hub');
    hubs.forEach((h) => v.add(ev(h, 'EnableDefaultStandards')));
    v.need(hubs.length > 0, 'securityHub is "create" but no AWS::SecurityHub::Hub is declared');
  }
  const alarms = resources(m, 'AWS::CloudWatch::Alarm');
  for (const a of alarms) {
    const actions = asArray(propsOf(a).AlarmActions);
    v.need(
      actions.some((x) => encryptedTopic(m, resolve(m, a.stack, x))),
      `alarm ${a.stack.name}/${a.id} notifies no encrypted topic`,
    );
  }
  v.add({
    stack: '(all)',
    region: '-',
    logicalId: 'AWS::CloudWatch::Alarm',
    type: 'count',
    property: 'alarms routed to an encrypted topic',
    value: alarms.length,
  });
  const topics = resources(m, 'AWS::SNS::Topic').filter((t) => encryptedTopic(m, t));
  v.add(...topics.map((t) => ev(t, 'KmsMasterKeyId', text(propsOf(t).KmsMasterKeyId))));
  // Every topic a rule or an alarm publishes to must reach every team address: a topic in one
  // region without subscribers silently swallows that region's alerts.
  const used = new Map<string, Res>();
  for (const r of rules)
    for (const t of asArray(propsOf(r).Targets)) {
      const topic = resolve(m, r.stack, (t as any).Arn);
      if (topic?.r.Type === 'AWS::SNS::Topic') used.set(key(topic), topic);
    }
  for (const a of alarms)
    for (const x of asArray(propsOf(a).AlarmActions)) {
      const topic = resolve(m, a.stack, x);
      if (topic?.r.Type === 'AWS::SNS::Topic') used.set(key(topic), topic);
    }
  const subscriptions = resources(m, 'AWS::SNS::Subscription').filter((s) => propsOf(s).Protocol === 'email');
  for (const topic of used.values()) {
    const reached = subscriptions
      .filter((s) => sameRes(resolve(m, s.stack, propsOf(s).TopicArn), topic))
      .map((s) => String(propsOf(s).Endpoint));
    v.add({
      stack: topic.stack.name,
      region: topic.stack.region,
      logicalId: topic.id,
      type: 'AWS::SNS::Topic',
      property: 'email subscriptions',
      value: reached,
    });
    for (const e of m.config.alertEmails)
      v.need(reached.includes(e), `${e} is not subscribed to ${key(topic)}, which alerts publish to`);
  }
  return v.done(
    `GuardDuty findings at severity ${min} and above, Security Hub HIGH/CRITICAL findings and every alarm reach ${m.config.alertEmails.join(', ')} through KMS-encrypted SNS topics.`,
  );
};

export const det4: Checker = (m) => {
  const v = new Verdict('DET-4');
  const trails = resources(m, 'AWS::CloudTrail::Trail');
  v.need(trails.length > 0, 'no CloudTrail trail');
  for (const t of trails) {
    v.add(
      ev(t, 'EnableLogFileValidation'),
      ev(t, 'IsMultiRegionTrail'),
      ev(t, 'KMSKeyId', text(propsOf(t).KMSKeyId)),
      ev(t, 'IsLogging'),
    );
    v.need(propsOf(t).EnableLogFileValidation === true, `trail ${t.id}: no log file validation`);
    v.need(propsOf(t).IsMultiRegionTrail === true, `trail ${t.id} is not multi-region`);
    v.need(propsOf(t).KMSKeyId !== undefined, `trail ${t.id} is not KMS-encrypted`);
  }
  const flows = resources(m, 'AWS::EC2::FlowLog');
  flows.forEach((f) => v.add(ev(f, 'TrafficType')));
  v.need(
    flows.some((f) => propsOf(f).TrafficType === 'ALL'),
    'no VPC flow log of all traffic',
  );
  for (const g of resources(m, 'AWS::Logs::LogGroup'))
    v.need(typeof propsOf(g).RetentionInDays === 'number', `log group ${g.stack.name}/${g.id} has no retention`);
  v.add({
    stack: '(all)',
    region: '-',
    logicalId: 'AWS::Logs::LogGroup',
    type: 'count',
    property: 'log groups with RetentionInDays',
    value: resources(m, 'AWS::Logs::LogGroup').length,
  });
  return v.done(
    'A multi-region CloudTrail with log file validation and KMS encryption, VPC flow logs of all traffic, and an explicit retention on every log group.',
  );
};

export const det5: Checker = (m) => {
  const v = new Verdict('DET-5');
  const canaries = resources(m, 'AWS::Synthetics::Canary');
  const dashboards = resources(m, 'AWS::CloudWatch::Dashboard');
  canaries.forEach((c) => v.add(ev(c, 'Schedule.Expression')));
  dashboards.forEach((d) => v.add(ev(d, 'DashboardName', text(propsOf(d).DashboardName) || '(generated)')));
  if (m.config.exposure !== 'public') {
    return notApplicable(
      'DET-5',
      'internal stage: no public hostname to track (ORG-2); public status tracking belongs to the public stage',
      v.evidence,
    );
  }
  const checks = resources(m, 'AWS::Route53::HealthCheck');
  // Every public hostname: each domain of the config and every alias the distributions serve (www.<domain> too).
  const distributions = resources(m, 'AWS::CloudFront::Distribution');
  distributions.forEach((d) =>
    v.add(ev(d, 'DistributionConfig.Aliases', asArray(getPath(propsOf(d), 'DistributionConfig.Aliases')).map(text))),
  );
  const hosts = [
    ...new Set([
      ...m.config.domains.map((d) => d.name),
      ...distributions.flatMap((d) => asArray(getPath(propsOf(d), 'DistributionConfig.Aliases')).map(text)),
    ]),
  ];
  for (const host of hosts) {
    const hc = checks.filter((h) => text(getPath(propsOf(h), 'HealthCheckConfig.FullyQualifiedDomainName')) === host);
    hc.forEach((h) => v.add(ev(h, 'HealthCheckConfig.Type'), ev(h, 'HealthCheckConfig.FullyQualifiedDomainName')));
    v.need(
      hc.some((h) => /^HTTPS/.test(String(getPath(propsOf(h), 'HealthCheckConfig.Type')))),
      `no HTTPS health check on ${host}`,
    );
  }
  const alarmsOn = (ns: string) => alarmMetrics(m).filter((a) => a.namespace === ns);
  v.need(canaries.length > 0, 'no CloudWatch Synthetics canary');
  v.need(alarmsOn('AWS/Route53').length > 0, 'no alarm on the health checks');
  v.need(alarmsOn('CloudWatchSynthetics').length > 0, 'no alarm on the canary');
  v.need(dashboards.length > 0, 'no CloudWatch dashboard');
  return v.done(
    `HTTPS health checks on every public hostname (${hosts.join(', ')}), a Synthetics canary, alarms on both and a dashboard of the platform.`,
  );
};

export const detectionCheckers: Record<string, Checker> = {
  'DET-1': det1,
  'DET-2': det2,
  'DET-3': det3,
  'DET-4': det4,
  'DET-5': det5,
};

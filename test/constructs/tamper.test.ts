// DET-7 tamper alerts: each pattern evaluated against sample events (a match and a near miss) with the project's
// EventBridge matcher (lib/core/event-pattern.ts), the rendered alert text, and where the rules go.

import { Template } from 'aws-cdk-lib/assertions';
import { AlertTopic } from '../../lib/constructs/alert-topic';
import {
  forwardedEventPattern,
  TamperAlerts,
  type TamperAlertsProps,
  tamperWatches,
} from '../../lib/constructs/detection/tamper-alerts';
import { FindingRouting } from '../../lib/constructs/detection/threat-detection';
import { type EventPattern, matchesPattern } from '../../lib/core/event-pattern';
import {
  ANY_SEVERITY_FINDING_TYPES,
  apiCallEvent,
  breakGlassCalls,
  breakGlassNearMisses,
  findingEvent,
  ROUTINE_CALLS,
  type SampleCall,
  signInEvent,
  TAMPER_CALLS,
} from '../../lib/core/tamper-events';
import { RegionalDetectionStack, tamperAlertRegions } from '../../lib/stacks/detection-stack';
import { testApp, testConfig, testStack } from '../helpers';

const HERE = 'eu-west-3';
const OTHER = 'sa-east-1';

/** GIVEN a fresh stack with the team's alert topic WHEN TamperAlerts is added with `props`. */
function tamperTemplate(props: Omit<TamperAlertsProps, 'topic'> = {}) {
  const stack = testStack();
  const alerts = new AlertTopic(stack, 'Alerts', { emails: ['security@example.com'] });
  new TamperAlerts(stack, 'TamperAlerts', { ...props, topic: alerts.topic });
  return Template.fromStack(stack);
}

type Rule = { Properties: { EventPattern: EventPattern; Targets: any[]; State?: string } };
const rulesOf = (t: Template) => Object.entries(t.findResources('AWS::Events::Rule') as Record<string, Rule>);
const READ_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
/** Whether a rule in `state` receives the event: read-only management events only in READ_EVENTS (EventBridge). */
const receives = (state: string | undefined, event: any) =>
  (state ?? 'ENABLED') !== 'DISABLED' && (event.detail?.readOnly !== true || state === READ_EVENTS);
const matching = (t: Template, event: unknown) =>
  rulesOf(t)
    .filter(([, r]) => receives(r.Properties.State, event) && matchesPattern(r.Properties.EventPattern, event))
    .map(([id]) => id);
const BREAK_GLASS = breakGlassCalls('BreakGlass');
const label = (c: SampleCall) => `${c.service}:${c.eventName} ${JSON.stringify(c.requestParameters)}`;

/**
 * The text EventBridge would send: the input transformer's variables replaced in its template (one JSON string a
 * line, as `fromMultilineText` writes it), each value read from the event by its path.
 */
function render(target: any, event: unknown): string {
  const { InputPathsMap: paths, InputTemplate: template } = target.InputTransformer;
  const at = (path: string) =>
    path
      .replace(/^\$\.?/, '')
      .split('.')
      .reduce((v: any, k) => v?.[k], event);
  const filled = (template as string).replace(/<([^<>]+)>/g, (_m, name) =>
    JSON.stringify(String(at(paths[name]))).slice(1, -1),
  );
  return filled
    .split('\n')
    .map((line) => JSON.parse(line))
    .join('\n');
}

describe('DET-7 TamperAlerts', () => {
  const t = tamperTemplate();

  test('every listed call matches exactly one rule, in this region and forwarded from any other', () => {
    for (const region of [HERE, OTHER])
      for (const c of [...TAMPER_CALLS, ...BREAK_GLASS])
        expect([label(c), matching(t, apiCallEvent(c, region))]).toEqual([label(c), [expect.any(String)]]);
  });

  test('root console sign-in matches the root rule; an IAM user signing in does not', () => {
    expect(matching(t, signInEvent(HERE))).toEqual([expect.stringMatching(/^TamperAlertsRootSignIn/)]);
    expect(matching(t, signInEvent('us-east-1'))).toHaveLength(1);
    expect(matching(t, signInEvent(HERE, 'IAMUser'))).toEqual([]);
  });

  test('near misses: routine calls of the same services match no rule', () => {
    for (const c of [...ROUTINE_CALLS, ...breakGlassNearMisses('BreakGlass')])
      expect([label(c), matching(t, apiCallEvent(c, HERE))]).toEqual([label(c), []]);
  });

  test('DET-7 review: each call the review found missing alerts, and its near miss does not', () => {
    const alerts = (service: string, eventName: string, requestParameters = {}) =>
      matching(t, apiCallEvent({ service, eventName, requestParameters }, HERE)).length;
    // GuardDuty: suppression and partial blinding.
    expect(alerts('guardduty', 'CreateFilter', { detectorId: 'd', action: 'ARCHIVE' })).toBe(1);
    expect(alerts('guardduty', 'CreateFilter', { detectorId: 'd', action: 'NOOP' })).toBe(0);
    const agent = (status: string) => ({
      detectorId: 'd',
      features: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'A', status }] }],
    });
    expect([
      alerts('guardduty', 'UpdateDetector', agent('DISABLED')),
      alerts('guardduty', 'UpdateDetector', agent('ENABLED')),
    ]).toEqual([1, 0]);
    expect(alerts('guardduty', 'UpdateDetector', { detectorId: 'd', dataSources: { s3Logs: { enable: false } } })).toBe(
      1,
    );
    expect(alerts('guardduty', 'UpdateDetector', { detectorId: 'd', dataSources: { s3Logs: { enable: true } } })).toBe(
      0,
    );
    // Config: every PutConfigurationRecorder alerts now.
    expect(alerts('config', 'PutConfigurationRecorder', { configurationRecorder: { name: 'default' } })).toBe(1);
    // CloudTrail: event selectors blind EventBridge, insight selectors do not.
    expect([alerts('cloudtrail', 'PutEventSelectors'), alerts('cloudtrail', 'PutInsightSelectors')]).toEqual([1, 0]);
    // The alert path and the forwarding StackSet.
    for (const [service, name] of [
      ['events', 'RemoveTargets'],
      ['sns', 'Unsubscribe'],
      ['cloudformation', 'DeleteStackInstances'],
      ['account', 'EnableRegion'],
      ['securityhub', 'CreateAutomationRule'],
      ['backup', 'UpdateRegionSettings'],
    ])
      expect([name, alerts(service, name)]).toEqual([name, 1]);
    expect([
      alerts('events', 'EnableRule'),
      alerts('sns', 'Subscribe'),
      alerts('account', 'PutAlternateContact'),
    ]).toEqual([0, 0, 0]);
  });

  test('BKP-7 the break-glass role: IAM calls on it and AssumeRole of it alert; another role, or a read of it, does not', () => {
    const iam = (eventName: string, roleName: string) =>
      matching(t, apiCallEvent({ service: 'iam', eventName, requestParameters: { roleName } }, 'us-east-1'));
    expect(iam('UpdateAssumeRolePolicy', 'BreakGlass')).toHaveLength(1);
    expect([iam('UpdateAssumeRolePolicy', 'BreakGlass2'), iam('GetRole', 'BreakGlass')]).toEqual([[], []]);
    const assume = BREAK_GLASS.find((c) => c.service === 'sts') as SampleCall;
    expect(matching(t, apiCallEvent(assume, 'ap-southeast-2'))).toHaveLength(1);
  });

  test('BKP-7 the break-glass role name is a prop: another name is watched, the default one no longer', () => {
    const t2 = tamperTemplate({ breakGlassRoleName: 'Vault-Opener' });
    for (const c of breakGlassCalls('Vault-Opener'))
      expect([label(c), matching(t2, apiCallEvent(c, HERE))]).toEqual([label(c), [expect.any(String)]]);
    for (const c of BREAK_GLASS) expect([label(c), matching(t2, apiCallEvent(c, HERE))]).toEqual([label(c), []]);
  });

  test('BKP-7 AssumeRole (read-only, assumed) reaches its rule: that rule alone is in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
    const assume = apiCallEvent(BREAK_GLASS.find((c) => c.service === 'sts') as SampleCall, HERE);
    const [id] = matching(t, assume);
    for (const [x, r] of rulesOf(t))
      expect([x, r.Properties.State ?? 'ENABLED']).toEqual([x, x === id ? READ_EVENTS : 'ENABLED']);
  });

  test('every rule pattern is within the default event pattern size, 2,048 characters (EventBridge quotas)', () => {
    for (const [id, r] of rulesOf(t))
      expect([id, JSON.stringify(r.Properties.EventPattern).length < 2048]).toEqual([id, true]);
  });

  test('a listed call name from another service, or from the console sign-in channel, matches no rule', () => {
    const deleteTrail = TAMPER_CALLS.find((c) => c.eventName === 'DeleteTrail') as SampleCall;
    expect(matching(t, apiCallEvent({ ...deleteTrail, service: 'backup' }, HERE))).toEqual([]);
    const login = apiCallEvent({ service: 'signin', eventName: 'ConsoleLogin', requestParameters: {} }, HERE);
    expect(matching(t, login)).toEqual([]);
  });

  test('KMS: a call on any key of the account alerts (the stage keys live in other stacks and regions)', () => {
    const other = { service: 'kms', eventName: 'ScheduleKeyDeletion', requestParameters: { keyId: 'mrk-0123' } };
    expect(matching(t, apiCallEvent(other, OTHER))).toHaveLength(1);
  });

  test('regionsAlertedElsewhere: events of those regions, forwarded here, are not alerted a second time', () => {
    const t2 = tamperTemplate({ regionsAlertedElsewhere: ['eu-central-1', 'us-east-1'] });
    const stop = TAMPER_CALLS[0];
    expect(matching(t2, apiCallEvent(stop, 'eu-central-1'))).toEqual([]);
    expect(matching(t2, signInEvent('us-east-1'))).toEqual([]);
    expect(matching(t2, apiCallEvent(stop, HERE))).toHaveLength(1);
    expect(matching(t2, apiCallEvent(stop, OTHER))).toHaveLength(1);
  });

  test('one enabled rule per watch and for root sign-in, each to the encrypted topic, without a role (PROOF-4)', () => {
    const rules = rulesOf(t);
    expect(rules).toHaveLength(tamperWatches().length + 1);
    const [topicId] = Object.keys(t.findResources('AWS::SNS::Topic'));
    for (const [, r] of rules) {
      expect([READ_EVENTS, 'ENABLED']).toContain(r.Properties.State ?? 'ENABLED');
      expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId } })]);
      expect(r.Properties.Targets[0].RoleArn).toBeUndefined();
    }
    const topic = Object.values(t.findResources('AWS::SNS::Topic'))[0] as any;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const [key] = Object.values(t.findResources('AWS::KMS::Key')) as any[];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  test('the alert says what was called on which resource, by whom, from where, with a link to the event', () => {
    const stop = TAMPER_CALLS[0];
    const [id] = matching(t, apiCallEvent(stop, HERE));
    const text = render(rulesOf(t).find(([x]) => x === id)?.[1].Properties.Targets[0], apiCallEvent(stop, HERE));
    expect(text.split('\n')).toEqual([
      'Tamper alert: StopLogging on CloudTrail trail arn:aws:cloudtrail:eu-west-3:111122223333:trail/prod-audit-trail',
      'By: arn:aws:sts::111122223333:assumed-role/Admin/intruder (AssumedRole)',
      'From: 198.51.100.7 at 2026-12-03T09:05:02Z',
      'Account 111122223333, region eu-west-3',
      'A failed attempt alerts too: the event says whether it succeeded (errorCode).',
      'Open: https://eu-west-3.console.aws.amazon.com/cloudtrail/home?region=eu-west-3' +
        '#/events/c2bd0b7f-42b4-4b5e-9d0c-3f1b2a1c8e11',
    ]);
  });

  test('every watch names its resource from a value each of its sample calls carries (a missing path is not rendered)', () => {
    for (const c of [...TAMPER_CALLS, ...BREAK_GLASS]) {
      const event = apiCallEvent(c, HERE);
      const [id] = matching(t, event);
      const text = render(rulesOf(t).find(([x]) => x === id)?.[1].Properties.Targets[0], event);
      expect([label(c), text]).toEqual([label(c), expect.not.stringContaining('undefined')]);
    }
  });

  test('the root sign-in alert says it was root, whether it succeeded, and from where', () => {
    const [, rule] = rulesOf(t).find(([x]) => x.startsWith('TamperAlertsRootSignIn')) as [string, Rule];
    const text = render(rule.Properties.Targets[0], signInEvent('us-east-1'));
    expect(text).toMatch(
      /^Root sign-in to the console: Success\nBy: arn:aws:iam::111122223333:root\nFrom: 198\.51\.100\.7/,
    );
    expect(text).toContain('https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/');
  });
});

describe('DET-6 DET-7 forwardedEventPattern', () => {
  const p = forwardedEventPattern() as EventPattern;

  test('forwards every listed call, root sign-in and every GuardDuty finding, whatever its severity', () => {
    for (const c of [...TAMPER_CALLS, ...BREAK_GLASS])
      expect([label(c), matchesPattern(p, apiCallEvent(c, OTHER))]).toEqual([label(c), true]);
    expect(matchesPattern(p, signInEvent('us-east-1'))).toBe(true);
    expect(matchesPattern(p, findingEvent('Recon:EC2/PortProbeUnprotectedPort', 1, OTHER))).toBe(true);
  });

  test('every call of a watched service is forwarded (the primary rules decide); other services stay in their region', () => {
    for (const c of ROUTINE_CALLS)
      expect([label(c), matchesPattern(p, apiCallEvent(c, OTHER))]).toEqual([label(c), true]);
    expect(matchesPattern(p, signInEvent(OTHER, 'IAMUser'))).toBe(true);
    const ec2 = apiCallEvent({ service: 'ec2', eventName: 'RunInstances', requestParameters: {} }, OTHER);
    expect(matchesPattern(p, ec2)).toBe(false);
    expect(JSON.stringify(p)).not.toContain('eventName');
  });

  test('routine calls forwarded from a region without stacks alert no one in the primary region', () => {
    const primary = tamperTemplate({ regionsAlertedElsewhere: ['eu-central-1'] });
    for (const c of [...ROUTINE_CALLS, ...breakGlassNearMisses('BreakGlass')])
      expect([label(c), matching(primary, apiCallEvent(c, OTHER))]).toEqual([label(c), []]);
  });

  test('within the default event pattern size, 2,048 characters (EventBridge quotas), with room to spare', () => {
    expect(JSON.stringify(p).length).toBeLessThan(1024);
  });

  test("in EventBridge's wire format, ready for a StackSet template (no CDK camelCase key left)", () => {
    const text = JSON.stringify(p);
    expect(text).not.toContain('detailType');
    expect(Object.keys(p)).toEqual(['$or']);
  });
});

describe('DET-7 guardDutyAlertPattern (FindingRouting)', () => {
  /** GIVEN a fresh stack WHEN FindingRouting routes GuardDuty findings at `min` and above. */
  function guardDutyRule(min: number): EventPattern {
    const stack = testStack();
    const alerts = new AlertTopic(stack, 'Alerts', { emails: ['security@example.com'] });
    new FindingRouting(stack, 'Routing', { topic: alerts.topic, guardDutyMinSeverity: min });
    const rule = rulesOf(Template.fromStack(stack)).find(([id]) => id.includes('GuardDuty')) as [string, Rule];
    return rule[1].Properties.EventPattern;
  }
  const p = guardDutyRule(7);

  test('Stealth:IAMUser/CloudTrailLoggingDisabled at severity 2 and Policy:IAMUser/RootCredentialUsage are sent', () => {
    expect(matchesPattern(p, findingEvent('Stealth:IAMUser/CloudTrailLoggingDisabled', 2, HERE))).toBe(true);
    expect(matchesPattern(p, findingEvent('Policy:IAMUser/RootCredentialUsage', 2, HERE))).toBe(true);
  });

  test('each tampering threat purpose at severity 1 is sent', () => {
    for (const type of ANY_SEVERITY_FINDING_TYPES)
      expect([type, matchesPattern(p, findingEvent(type, 1, HERE))]).toEqual([type, true]);
  });

  test('near misses: other purposes below the threshold, and a purpose only as a prefix of another word, are not', () => {
    expect(matchesPattern(p, findingEvent('Recon:IAMUser/MaliciousIPCaller', 2, HERE))).toBe(false);
    expect(matchesPattern(p, findingEvent('Discovery:S3/MaliciousIPCaller', 6.9, HERE))).toBe(false);
    expect(matchesPattern(p, findingEvent('StealthMode:IAMUser/Invented', 2, HERE))).toBe(false);
  });

  test('the threshold and the RDS findings are kept (DET-1, DET-3)', () => {
    expect(matchesPattern(p, findingEvent('Recon:IAMUser/MaliciousIPCaller', 7, HERE))).toBe(true);
    expect(matchesPattern(p, findingEvent('Discovery:RDS/MaliciousIPCaller', 2, HERE))).toBe(true);
  });
});

describe('BKP-7 DET-7 the detection stacks pass keyGuard.breakGlassRoleName to TamperAlerts', () => {
  test('a stage with its own break-glass role name watches that role', () => {
    const config = testConfig({ keyGuard: { breakGlassRoleName: 'Vault-Opener' } } as never);
    const stack = new RegionalDetectionStack(testApp(), 'Regional', {
      env: { account: config.account, region: config.backupRegion },
      config,
      role: 'backup-region',
    });
    const t = Template.fromStack(stack);
    const create = { service: 'iam', eventName: 'CreateRole', requestParameters: { roleName: 'Vault-Opener' } };
    expect(matching(t, apiCallEvent(create, 'us-east-2'))).toHaveLength(1);
    expect(
      matching(t, apiCallEvent({ ...create, requestParameters: { roleName: 'BreakGlass' } }, 'us-east-2')),
    ).toEqual([]);
  });
});

describe('DET-7 tamperAlertRegions: each region alerts once', () => {
  test('public: primary, backup and us-east-1; internal: primary and backup (us-east-1 forwards)', () => {
    expect(tamperAlertRegions(testConfig())).toEqual(['eu-west-3', 'eu-central-1', 'us-east-1']);
    expect(tamperAlertRegions(testConfig({ exposure: 'internal' }))).toEqual(['eu-west-3', 'eu-central-1']);
  });

  test('us-east-1 as the backup region is listed once', () => {
    const c = { exposure: 'public' as const, primaryRegion: 'us-east-2', backupRegion: 'us-east-1' };
    expect(tamperAlertRegions(c)).toEqual(['us-east-2', 'us-east-1']);
  });
});

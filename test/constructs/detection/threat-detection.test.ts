import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FindingRouting,
  SecurityHubBaseline,
  ThreatDetector,
} from '../../../lib/constructs/detection/threat-detection';
import { matchesPattern } from '../../../lib/core/event-pattern';
import { testStack } from '../../helpers';

const finding = (type: string, severity: number) => ({
  source: 'aws.guardduty',
  'detail-type': 'GuardDuty Finding',
  detail: { type, severity },
});

/** GIVEN a fresh stack WHEN FindingRouting is added with `minSeverity`: the GuardDuty rule's pattern. */
function guardDutyPattern(minSeverity?: number) {
  const stack = testStack();
  new FindingRouting(stack, 'FindingRouting', {
    topic: new sns.Topic(stack, 'Topic'),
    guardDutyMinSeverity: minSeverity,
  });
  const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'));
  const rule = rules.find((r) => /GuardDuty/.test(r.Properties.Description));
  return rule?.Properties.EventPattern;
}

describe('DET-1 ThreatDetector', () => {
  test('"create": a retained detector with RDS login, S3 and malware protection as Features, no DataSources', () => {
    const stack = testStack();
    new ThreatDetector(stack, 'GuardDuty', { mode: 'create' });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::GuardDuty::Detector', {
      Properties: {
        Enable: true,
        Features: [
          { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        ],
      },
      DeletionPolicy: 'Retain',
    });
    for (const d of Object.values(t.findResources('AWS::GuardDuty::Detector')))
      expect(d.Properties.DataSources).toBeUndefined();
  });

  test('"existing": no detector (an account holds one per region)', () => {
    const stack = testStack();
    const detector = new ThreatDetector(stack, 'GuardDuty', { mode: 'existing' });
    expect(detector.detector).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::GuardDuty::Detector', 0);
  });
});

describe('DET-3 SecurityHubBaseline', () => {
  test('by default Security Hub is enabled with FSBP only, in the stack region', () => {
    const stack = testStack();
    new SecurityHubBaseline(stack, 'SecurityHub');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
    });
    t.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: 'arn:aws:securityhub:eu-west-3::standards/aws-foundational-security-best-practices/v/1.0.0',
    });
  });

  test('"existing": neither hub nor standard', () => {
    const stack = testStack();
    new SecurityHubBaseline(stack, 'SecurityHub', { mode: 'existing' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SecurityHub::Hub', 0);
    t.resourceCountIs('AWS::SecurityHub::Standard', 0);
  });
});

describe('DET-3 FindingRouting', () => {
  test('the GuardDuty threshold is the configured one, inclusive; RDS findings pass below it', () => {
    const p = guardDutyPattern(7);
    expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 5))).toBe(false);
    expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 7))).toBe(true);
    expect(matchesPattern(p, finding('CredentialAccess:RDS/MaliciousIPCaller.SuccessfulLogin', 5))).toBe(true);
  });

  test('without a threshold, DEFAULT_GUARDDUTY_MIN_SEVERITY (4) applies', () => {
    const p = guardDutyPattern();
    expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 4))).toBe(true);
    expect(matchesPattern(p, finding('Recon:EC2/PortProbeUnprotectedPort', 3.9))).toBe(false);
  });
});

// Tests of lib/stacks/ on small fixtures, one describe per file of it, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { APP_PROPS } from '../lib/app/add-stage';
import type { StageConfig, StageInput } from '../lib/config/schema';
import { WAF_METRICS } from '../lib/constructs/edge/waf-metrics';
import { EDGE_REGION } from '../lib/defaults/constants';
import { BackupStack, type BackupStackProps } from '../lib/stacks/backup-stack';
import { RegionalDetectionStack, type RegionalDetectionStackProps } from '../lib/stacks/detection-stack';
import { MailStack } from '../lib/stacks/mail-stack';
import { copyVaultArn } from '../lib/stacks/recovery-stack';
import { recordsByKey } from './constructs/mail/render';
import { cdkContext, TEST_ENV, testApp, testConfig, testVpc } from './helpers';

describe('BackupStack', () => {
  // BackupStack on a fresh app (not a stage): the config variants the example stages do not show.
  /**
   * GIVEN the example stage changed by `overrides`, a network stack with a VPC, an alert topic and a cluster
   * (imported: the stack reads its ARN and endpoint only), WHEN a BackupStack is added. The validator's code is
   * not bundled: these variants change config-driven properties only.
   */
  function backupStack(overrides: Partial<StageInput> = {}, secret: Partial<BackupStackProps> = {}): BackupStack {
    const config = testConfig(overrides);
    const app = testApp();
    const network = new Stack(app, 'Network', { env: TEST_ENV });
    const vpc = testVpc(network);
    const cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(network, 'Cluster', {
      clusterIdentifier: 'prod-aurora',
      clusterEndpointAddress: 'prod-aurora.cluster-abc.eu-west-3.rds.amazonaws.com',
      port: 5432,
    });
    return new BackupStack(app, 'Backup', {
      env: TEST_ENV,
      config,
      vpc,
      cluster,
      alertTopic: new sns.Topic(network, 'Alerts'),
      copyVaultArn: copyVaultArn(config),
      masterSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:prod-master-AbCdEf',
      masterSecretKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/11111111-2222-3333-4444-555555555555',
      ...secret,
    });
  }

  describe('BKP-5 BackupStack', () => {
    test('the Audit Manager framework is a config switch, for accounts without AWS Config recording', () => {
      Template.fromStack(backupStack()).resourceCountIs('AWS::Backup::Framework', 1);
      Template.fromStack(backupStack({ backup: { auditFramework: false } } as never)).resourceCountIs(
        'AWS::Backup::Framework',
        0,
      );
    });

    test('a cluster without an RDS-managed master secret needs the secret named, or is refused at synth', () => {
      expect(() => backupStack({}, { masterSecretArn: undefined, masterSecretKeyArn: undefined })).toThrow(
        /Backup: the cluster has no RDS-managed master secret under a customer key; pass masterSecretArn and masterSecretKeyArn/,
      );
    });
  });

  describe('BKP-3 BKP-6 BackupStack', () => {
    test('the backup section reaches the plan: hourly snapshots kept 2 days, with a second-account copy', () => {
      const vaultArn = 'arn:aws:backup:eu-west-3:999988887777:backup-vault:escrow';
      const t = Template.fromStack(
        backupStack({
          backup: {
            frequentIntervalHours: 1,
            frequentRetentionDays: 2,
            snapshotQuota: 200,
            secondAccountCopy: { account: '999988887777', vaultArn },
          },
        } as never),
      );
      const rules = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
      const frequent = rules.find((r: { RuleName: string }) => r.RuleName === 'Frequent');
      expect(frequent.Lifecycle).toEqual({ DeleteAfterDays: 2 });
      expect(frequent.ScheduleExpression.split(' ')[1].split(',')).toHaveLength(20);
      expect(frequent.CopyActions).toContainEqual({
        DestinationBackupVaultArn: vaultArn,
        Lifecycle: { DeleteAfterDays: 2 },
      });
    });
  });
});

describe('MailStack', () => {
  // MailStack on a fresh app (not a stage): the config variants the example stages do not show.
  /**
   * GIVEN the example stage's domains (example.com, example.org) with the mail section `mail`, their zones in a
   * DNS stack (but those of `withoutZone`) and an alert topic, WHEN a MailStack is added.
   */
  function mailStack(mail: Partial<StageConfig['mail']> = {}, withoutZone: readonly string[] = []): MailStack {
    const config = testConfig({ mail: mail as never });
    const app = new App({ ...APP_PROPS, context: cdkContext() });
    const dns = new Stack(app, 'Dns', { env: { ...TEST_ENV, region: EDGE_REGION } });
    const zones: Record<string, route53.IHostedZone> = {};
    for (const { name } of config.domains.filter((d) => !withoutZone.includes(d.name)))
      zones[name] = new route53.PublicHostedZone(dns, `Zone-${name}`, { zoneName: name });
    const network = new Stack(app, 'Network', { env: TEST_ENV });
    const alertTopic = new sns.Topic(network, 'Alerts');
    const senderRole = new iam.Role(network, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    return new MailStack(app, 'Mail', { env: TEST_ENV, config, zones, alertTopic, senderRole });
  }

  describe('MAIL-1 MailStack', () => {
    test('the DMARC report address defaults to dmarc-reports@<first domain>', () => {
      expect(mailStack().dmarcReportEmail).toBe('dmarc-reports@example.com');
    });

    test('a report address outside every configured domain gets no authorization record here (docs/mail.md says who adds it)', () => {
      const records = recordsByKey(
        Template.fromStack(mailStack({ dmarcReportEmail: 'dmarc@reports.example.net' })),
        TEST_ENV.region,
      );
      expect(Object.keys(records).filter((k) => k.includes('_report._dmarc'))).toEqual([]);
      expect(records['TXT _dmarc.example.com.'][0]).toContain('rua=mailto:dmarc@reports.example.net;');
    });

    test('the mail section reaches every domain: a custom MAIL FROM label and relaxed DKIM alignment', () => {
      const stack = mailStack({ mailFromSubdomain: 'bounce', dkimAlignment: 'r', spfAll: '~all' });
      const records = recordsByKey(Template.fromStack(stack), TEST_ENV.region);
      for (const d of ['example.com', 'example.org']) {
        expect(records[`TXT bounce.${d}.`]).toEqual(['"v=spf1 include:amazonses.com ~all"']);
        expect(records[`TXT _dmarc.${d}.`][0]).toContain('adkim=r; aspf=r;');
      }
    });

    test('a domain without a hosted zone is a synth error, not a silent unverified identity', () => {
      expect(() => mailStack({}, ['example.org'])).toThrow(
        /No hosted zone for mail domain example.org: its identity would never verify/,
      );
    });
  });

  describe('ORG-7 MailStack sender addresses', () => {
    test('the app role may send only from the configured addresses (ses:FromAddress)', () => {
      const t = Template.fromStack(mailStack({ senderAddresses: ['hello@example.com', 'no-reply@example.org'] }));
      const policies = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
        .concat(Object.values(t.findResources('AWS::IAM::Policy')))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((st: { Action: string | string[] }) => [st.Action].flat().some((a) => a.startsWith('ses:Send')));
      expect(policies.length).toBeGreaterThan(0);
      for (const st of policies) {
        expect(st.Condition.StringEquals['ses:FromAddress']).toEqual(['hello@example.com', 'no-reply@example.org']);
      }
    });

    test("an address outside the stage's domains is refused, naming the field", () => {
      expect(() => mailStack({ senderAddresses: ['ceo@elsewhere.example.net'] })).toThrow(
        /mail\.senderAddresses: ceo@elsewhere\.example\.net is in none of the stage's domains/,
      );
    });
  });

  describe('MAIL-2 MailStack', () => {
    test('contactList "none" leaves the account list to another stack', () => {
      const mail = mailStack({ contactList: 'none' });
      Template.fromStack(mail).resourceCountIs('AWS::SES::ContactList', 0);
      expect(mail.contactList).toBeUndefined();
    });
  });

  describe('MAIL-3 MailStack', () => {
    test('thresholds come from config', () => {
      const m = Template.fromStack(
        mailStack({ bounceRateAlarm: 0.02, complaintRateAlarm: 0.0005, hourlySendAlarm: 100 }),
      );
      m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
      m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
      m.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Send', Threshold: 100 });
    });
  });
});

describe('RegionalDetectionStack', () => {
  // RegionalDetectionStack on a fresh app (not a stage): each role, and the refusals the example stages cannot show.
  type Role = 'backup-region' | 'edge-monitoring';

  /**
   * GIVEN the example stage (with `overrides`), a CloudFront distribution and its web ACL in an edge stack,
   * WHEN a RegionalDetectionStack with `role` is added in `region`.
   */
  function regionalStack(role: Role, region?: string, overrides: Partial<StageInput> = {}): RegionalDetectionStack {
    const config = testConfig(overrides);
    const app = new App({ ...APP_PROPS, context: cdkContext() });
    const edgeStack = new Stack(app, 'Edge', { env: { account: config.account, region: EDGE_REGION } });
    const webAcl = new wafv2.CfnWebACL(edgeStack, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: WAF_METRICS.cloudFrontAcl,
        sampledRequestsEnabled: true,
      },
    });
    const distribution = new cloudfront.Distribution(edgeStack, 'Distribution', {
      defaultBehavior: { origin: new origins.HttpOrigin(`origin.${config.domains[0].name}`) },
      webAclId: webAcl.attrArn,
    });
    const isEdge = role.endsWith('edge-monitoring');
    const env = { account: config.account, region: region ?? (isEdge ? EDGE_REGION : config.backupRegion) };
    const props: Record<Role, RegionalDetectionStackProps> = {
      'backup-region': { env, config, role: 'backup-region' },
      'edge-monitoring': { env, config, role: 'edge-monitoring', distribution, webAcl },
    };
    return new RegionalDetectionStack(app, 'Regional', props[role]);
  }

  describe('DET-1 DET-3 role "backup-region"', () => {
    test('a detector as the stage configures it, and the routing of the region findings; no edge monitoring', () => {
      const stack = regionalStack('backup-region');
      const t = Template.fromStack(stack);
      expect(stack.role).toBe('backup-region');
      t.resourceCountIs('AWS::GuardDuty::Detector', 1);
      // GuardDuty routing (DET-3; Security Hub findings are aggregated to the primary, DET-6) and the seventeen
      // tamper rules of the region (DET-7).
      t.resourceCountIs('AWS::Events::Rule', 1 + 17);
      t.resourceCountIs('AWS::Route53::HealthCheck', 0);
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    });

    test('refused outside the backup region: a second detector in the primary region fails the deploy', () => {
      expect(() => regionalStack('backup-region', 'eu-west-3')).toThrow(
        /role 'backup-region' must deploy to backupRegion eu-central-1, not eu-west-3/,
      );
    });
  });

  describe('DET-2 DET-5 role "edge-monitoring"', () => {
    test('DET-6 its own detector; the CloudFront SQL injection alarm, the health checks and the edge dashboard', () => {
      const stack = regionalStack('edge-monitoring');
      const t = Template.fromStack(stack);
      expect(stack.role).toBe('edge-monitoring');
      t.resourceCountIs('AWS::GuardDuty::Detector', 1);
      // GuardDuty routing (DET-3) and the seventeen tamper rules of us-east-1, where global services' events arrive
      // (DET-7).
      t.resourceCountIs('AWS::Events::Rule', 1 + 17);
      t.resourceCountIs('AWS::Route53::HealthCheck', 8);
      t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'prod-edge' });
      expect(stack.sqlInjectionAlarm).toBeDefined();
    });

    test('in the primary region, findings are not routed twice (the primary detection stack routes them)', () => {
      const stack = regionalStack('edge-monitoring', EDGE_REGION, {
        primaryRegion: EDGE_REGION,
        backupRegion: 'us-east-2',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
      });
      expect(stack.findingRouting).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 0);
    });
  });
});

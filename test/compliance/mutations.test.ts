// Mutation tests of the compliance checkers against the REAL example stage (config/example.json):
// one realistic weakening of the synthesized templates at a time, and the claim it breaks must
// no longer be reported as kept. The hand-made fixtures of checkers.test.ts prove each checker's
// logic; these prove the checkers read the templates the app really produces (paths, shapes,
// cross-stack references) and are not too lenient for them.
import { CLAIM_IDS, checkAll, claim } from '../../lib/compliance/claims';
import type { StageModel } from '../../lib/compliance/model/types';
import { type MutableResource, realStageModel, TemplateEditor } from './real-stage-model';

// Built at run time, so the repository-wide secret scan (ORG-3) never sees a literal here.
const PLANTED = ['Sup3r', 'Secret', 'Pa55'].join('-');

// One synthesis for the whole file; every mutation edits a deep clone of its templates.
let base: StageModel;
beforeAll(() => {
  base = realStageModel('example.json');
});

const statements = (r: MutableResource, prop = 'PolicyDocument'): any[] => r.Properties[prop].Statement;
const rules = (acl: MutableResource): any[] => acl.Properties.Rules;
const withoutRule = (acl: MutableResource, name: string) => {
  const before = rules(acl).length;
  acl.Properties.Rules = rules(acl).filter((x) => x.Name !== name);
  if (acl.Properties.Rules.length !== before - 1) throw new Error(`no rule ${name}`);
};
const planRule = (t: TemplateEditor, name: string): any => {
  const rule = t
    .at('Backup/BackupPlan/Plan/Resource')
    .Properties.BackupPlan.BackupPlanRule.find((x: any) => x.RuleName === name);
  if (!rule) throw new Error(`no backup rule ${name}`);
  return rule;
};
const behavior = (t: TemplateEditor, pathPattern?: string): any => {
  const cfg = t.at('Edge/Site/Distribution/Resource').Properties.DistributionConfig;
  const b = pathPattern ? cfg.CacheBehaviors.find((x: any) => x.PathPattern === pathPattern) : cfg.DefaultCacheBehavior;
  if (!b) throw new Error(`no behavior ${pathPattern}`);
  return b;
};
const headers = (t: TemplateEditor): any =>
  t.at('Edge/SecurityHeaders/Policy/Resource').Properties.ResponseHeadersPolicyConfig;
const keyStatements = (t: TemplateEditor, keyPath: string, drop: (s: any) => boolean) => {
  const key = t.at(keyPath);
  const before = statements(key, 'KeyPolicy').length;
  key.Properties.KeyPolicy.Statement = statements(key, 'KeyPolicy').filter((s) => !drop(s));
  if (key.Properties.KeyPolicy.Statement.length === before) throw new Error(`nothing dropped from ${keyPath}`);
};
const servicePrincipal = (re: RegExp) => (s: any) =>
  [s.Principal?.Service].flat().some((p: unknown) => re.test(String(p)));
const ACCOUNT = '111122223333';

type Mutation = [claim: string, what: string, mutate: (t: TemplateEditor) => void];

const MUTATIONS: Mutation[] = [
  // Data tier
  [
    'DB-1',
    'PubliclyAccessible true on the writer instance',
    (t) => {
      t.at('Data/Database/Cluster/Writer/Resource').Properties.PubliclyAccessible = true;
    },
  ],
  [
    'DB-1',
    'a 0.0.0.0/0 ingress inline on the DB security group',
    (t) => {
      t.at('Data/Database/SecurityGroup/Resource').Properties.SecurityGroupIngress = [
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 },
      ];
    },
  ],
  [
    'DB-1',
    'a standalone ::/0 ingress on the DB security group',
    (t) => {
      t.add('Data', 'DbFromAnywhere6', {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [t.idOf('Data/Database/SecurityGroup/Resource'), 'GroupId'] },
          CidrIpv6: '::/0',
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
        },
      });
    },
  ],
  [
    'DB-1',
    'the app tier admitted on every port',
    (t) => {
      const appRule = Object.values(t.model.stacks.find((s) => s.name.endsWith('-Data'))!.template.Resources!).find(
        (r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties).includes('AppSecurityGroup'),
      )!;
      Object.assign(appRule.Properties!, { FromPort: 0, ToPort: 65535 });
    },
  ],
  [
    'DB-1',
    'the operator role may start a session from anywhere (aws:SourceIp dropped)',
    (t) => {
      const start = statements(t.at('Data/OperatorAccess/OperatorPolicy/Resource')).find(
        (s) => s.Action === 'ssm:StartSession',
      );
      delete start.Condition.IpAddress;
    },
  ],
  [
    'DB-1',
    'the operator prefix list opened to 0.0.0.0/0',
    (t) => {
      t.at('Data/OperatorAccess/OperatorIPv4PrefixList').Properties.Entries.push({ Cidr: '0.0.0.0/0' });
    },
  ],
  [
    'DB-2',
    'IAM database authentication removed',
    (t) => {
      delete t.at('Data/Database/Cluster/Resource').Properties.EnableIAMDatabaseAuthentication;
    },
  ],
  [
    'DB-2',
    'rds.force_ssl dropped from the cluster parameter group',
    (t) => {
      delete t.at('Data/Database/ClusterParameters/Resource').Properties.Parameters['rds.force_ssl'];
    },
  ],
  [
    'DB-2',
    'a literal master password instead of the managed secret',
    (t) => {
      const p = t.at('Data/Database/Cluster/Resource').Properties;
      delete p.ManageMasterUserPassword;
      delete p.MasterUserSecret;
      p.MasterUserPassword = PLANTED;
    },
  ],
  [
    'DB-3',
    'the app role may connect as any database user',
    (t) => {
      statements(t.at('Data/Database/AppConnectPolicy/Resource'))[0].Resource =
        `arn:aws:rds-db:eu-west-3:${ACCOUNT}:dbuser:*/*`;
    },
  ],
  [
    'DB-3',
    'the operator role without MFA',
    (t) => {
      delete statements(t.at('Data/OperatorAccess/OperatorRole/Resource'), 'AssumeRolePolicyDocument')[0].Condition
        .Bool;
    },
  ],
  [
    'DB-3',
    'the read-only role gets rds-db:* ',
    (t) => {
      statements(t.at('Data/OperatorAccess/ReadOnlyPolicy/Resource')).push({
        Effect: 'Allow',
        Action: 'rds-db:*',
        Resource: '*',
      });
    },
  ],
  [
    'DB-4',
    'StorageEncrypted false on the cluster',
    (t) => {
      t.at('Data/Database/Cluster/Resource').Properties.StorageEncrypted = false;
    },
  ],
  [
    'DB-4',
    'the storage key does not rotate',
    (t) => {
      t.at('Data/Database/StorageKey/Key/Resource').Properties.EnableKeyRotation = false;
    },
  ],
  [
    'DB-4',
    'the PostgreSQL log group unencrypted',
    (t) => {
      delete t.at('Data/Database/PostgresLogGroup/Resource').Properties.KmsKeyId;
    },
  ],
  [
    'DB-4',
    'Performance Insights on the AWS-managed key',
    (t) => {
      delete t.at('Data/Database/Cluster/Resource').Properties.PerformanceInsightsKmsKeyId;
    },
  ],
  [
    'DB-5',
    'pgaudit removed from shared_preload_libraries',
    (t) => {
      t.at('Data/Database/ClusterParameters/Resource').Properties.Parameters.shared_preload_libraries =
        'pg_stat_statements';
    },
  ],
  [
    'DB-5',
    'PostgreSQL logs not exported',
    (t) => {
      delete t.at('Data/Database/Cluster/Resource').Properties.EnableCloudwatchLogsExports;
    },
  ],
  [
    'DB-5',
    'the audit log group kept forever',
    (t) => {
      delete t.at('Data/Database/PostgresLogGroup/Resource').Properties.RetentionInDays;
    },
  ],
  [
    'DB-6',
    'DeletionProtection false',
    (t) => {
      t.at('Data/Database/Cluster/Resource').Properties.DeletionProtection = false;
    },
  ],
  [
    'DB-6',
    'DeletionPolicy Delete on the cluster',
    (t) => {
      t.at('Data/Database/Cluster/Resource').DeletionPolicy = 'Delete';
    },
  ],
  ['DB-6', 'no reader instance', (t) => t.drop('Data/Database/Cluster/Reader/Resource')],
  ['ORG-4', 'the RotationSchedule removed', (t) => t.drop('Data/Database/MasterSecretRotation')],
  [
    'ORG-4',
    'rotation every 90 days',
    (t) => {
      t.at('Data/Database/MasterSecretRotation').Properties.RotationRules.ScheduleExpression = 'rate(90 days)';
    },
  ],
  [
    'ORG-5',
    'automatic minor version upgrades off on the reader',
    (t) => {
      t.at('Data/Database/Cluster/Reader/Resource').Properties.AutoMinorVersionUpgrade = false;
    },
  ],
  [
    'ORG-5',
    'no maintenance window',
    (t) => {
      delete t.at('Data/Database/Cluster/Resource').Properties.PreferredMaintenanceWindow;
    },
  ],

  // Backups
  [
    'BKP-1',
    'the copy vault without EncryptionKeyArn',
    (t) => {
      delete t.at('Recovery/CopyVault/Vault/Resource').Properties.EncryptionKeyArn;
    },
  ],
  [
    'BKP-1',
    'the primary backup key does not rotate',
    (t) => {
      t.at('Backup/BackupKey/Key/Resource').Properties.EnableKeyRotation = false;
    },
  ],
  [
    'BKP-2',
    'no continuous rule',
    (t) => {
      const plan = t.at('Backup/BackupPlan/Plan/Resource').Properties.BackupPlan;
      plan.BackupPlanRule = plan.BackupPlanRule.filter((x: any) => !x.EnableContinuousBackup);
    },
  ],
  [
    'BKP-2',
    'the frequent snapshots every 12 hours',
    (t) => {
      planRule(t, 'Frequent').ScheduleExpression = 'cron(0 11,23 * * ? *)';
    },
  ],
  ['BKP-2', 'the cluster no longer selected', (t) => t.drop('Backup/BackupPlan/Plan/Cluster/Resource')],
  [
    'BKP-3',
    'the daily rule without CopyActions',
    (t) => {
      delete planRule(t, 'Daily').CopyActions;
    },
  ],
  [
    'BKP-3',
    'the daily copy to a vault in us-east-1 (another jurisdiction)',
    (t) => {
      planRule(t, 'Daily').CopyActions[0].DestinationBackupVaultArn =
        `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:prod-copy-vault-history`;
    },
  ],
  [
    'BKP-4',
    'the continuous window shortened to 7 days',
    (t) => {
      planRule(t, 'Continuous').Lifecycle.DeleteAfterDays = 7;
    },
  ],
  ['BKP-5', 'the RestoreTestingPlan removed', (t) => t.drop('Backup/RestoreTesting/Plan')],
  [
    'BKP-5',
    'the audit framework control for cross-region copy removed',
    (t) => {
      const fw = t.at('Backup/AuditFramework/Framework').Properties;
      fw.FrameworkControls = fw.FrameworkControls.filter(
        (c: any) => c.ControlName !== 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
      );
    },
  ],
  ['BKP-5', 'failed copy jobs raise no alert', (t) => t.drop('Backup/Alerts/CopyJobFailed/Resource')],
  [
    'BKP-6',
    'daily retention 120 days',
    (t) => {
      planRule(t, 'Daily').Lifecycle.DeleteAfterDays = 120;
    },
  ],
  [
    'BKP-6',
    'the history copy kept a year',
    (t) => {
      planRule(t, 'Daily').CopyActions[0].Lifecycle.DeleteAfterDays = 365;
    },
  ],
  [
    'BKP-6',
    'vault lock MaxRetentionDays 365 on the history copy vault',
    (t) => {
      t.at('Recovery/HistoryCopyVault/Vault/Resource').Properties.LockConfiguration.MaxRetentionDays = 365;
    },
  ],
  [
    'BKP-6',
    'daily points moved to cold storage',
    (t) => {
      planRule(t, 'Daily').Lifecycle.MoveToColdStorageAfterDays = 30;
    },
  ],

  // Detection
  [
    'DET-1',
    'GuardDuty RDS_LOGIN_EVENTS feature removed (create mode)',
    (t) => {
      const d = t.at('Detection/GuardDuty/Detector').Properties;
      d.Features = d.Features.filter((f: any) => f.Name !== 'RDS_LOGIN_EVENTS');
    },
  ],
  [
    'DET-1',
    'the backup-region detector disabled',
    (t) => {
      t.at('DetectionBackupRegion/GuardDuty/Detector').Properties.Enable = false;
    },
  ],
  // Not here: a GuardDuty rule pattern without its RDS finding types. The claim routes findings "over a
  // configurable severity" (DET-3); routing every RDS finding below it is the stack's own extra.
  [
    'DET-1',
    "the primary region's GuardDuty findings routed nowhere",
    (t) => t.drop('Detection/FindingRouting/GuardDutyFindings/Resource'),
  ],
  [
    'DET-2',
    'the WAF SQLi managed group removed from the CloudFront ACL',
    (t) => withoutRule(t.at('Edge/Waf/WebAcl'), 'AWSManagedRulesSQLiRuleSet'),
  ],
  [
    'DET-2',
    'the ALB ACL SQLi group only counting',
    (t) => {
      rules(t.at('App/WebAcl/WebAcl')).find((x) => x.Name === 'AWSManagedRulesSQLiRuleSet').OverrideAction = {
        Count: {},
      };
    },
  ],
  ['DET-2', 'no alarm on the CloudFront SQLi matches', (t) => t.drop('DetectionGlobal/SqlInjection/Alarm/Resource')],
  [
    'DET-3',
    'GuardDuty findings only from severity 7',
    (t) => {
      t.at('Detection/FindingRouting/GuardDutyFindings/Resource').Properties.EventPattern.detail.$or[0] = {
        severity: [{ numeric: ['>=', 7] }],
      };
    },
  ],
  [
    'DET-3',
    'the alert topic unencrypted',
    (t) => {
      delete t.at('Network/Alerts/Topic/Resource').Properties.KmsMasterKeyId;
    },
  ],
  [
    'DET-3',
    'the team address unsubscribed from every alert topic',
    (t) => {
      for (const stack of ['Network', 'DetectionGlobal', 'DetectionBackupRegion'])
        t.drop(`${stack}/Alerts/Topic/security@example.com/Resource`);
    },
  ],
  [
    'DET-4',
    'trail IsMultiRegionTrail false',
    (t) => {
      t.at('Detection/AuditTrail/Trail').Properties.IsMultiRegionTrail = false;
    },
  ],
  [
    'DET-4',
    'trail EnableLogFileValidation false',
    (t) => {
      t.at('Detection/AuditTrail/Trail').Properties.EnableLogFileValidation = false;
    },
  ],
  [
    'DET-4',
    'flow log of rejected traffic only',
    (t) => {
      t.at('Network/Network/Vpc/FlowLog/FlowLog').Properties.TrafficType = 'REJECT';
    },
  ],
  [
    'DET-4',
    'a log group without retention',
    (t) => {
      delete t.at('App/App/Logs/Resource').Properties.RetentionInDays;
    },
  ],
  // Both checks of the hostname: its /login check alone still is a health check on www.example.org.
  [
    'DET-5',
    'the health checks of www.example.org removed',
    (t) => {
      for (const check of ['Check-www-example-org-', 'Check-www-example-org-login'])
        t.drop(`DetectionGlobal/HealthChecks/${check}/Resource`);
    },
  ],
  ['DET-5', 'the canary removed', (t) => t.drop('Detection/StatusCanary/Canary/Resource')],

  // Web edge
  [
    'EDGE-1',
    'ViewerProtocolPolicy allow-all on the /assets/* behavior',
    (t) => {
      behavior(t, '/assets/*').ViewerProtocolPolicy = 'allow-all';
    },
  ],
  [
    'EDGE-1',
    'CloudFront reaches the origin over HTTP',
    (t) => {
      t.at(
        'Edge/Site/Distribution/Origin1/VpcOrigin/Resource',
      ).Properties.VpcOriginEndpointConfig.OriginProtocolPolicy = 'match-viewer';
    },
  ],
  [
    'EDGE-1',
    'the HTTP listener forwards instead of redirecting',
    (t) => {
      t.at('App/Origin/LoadBalancer/LoadBalancer/HttpRedirect/Resource').Properties.DefaultActions = [
        {
          Type: 'forward',
          TargetGroupArn: { Ref: t.idOf('App/Origin/LoadBalancer/LoadBalancer/Https/AppGroup/Resource') },
        },
      ];
    },
  ],
  [
    'EDGE-1',
    'the HTTP listener redirects with a 302',
    (t) => {
      t.at(
        'App/Origin/LoadBalancer/LoadBalancer/HttpRedirect/Resource',
      ).Properties.DefaultActions[0].RedirectConfig.StatusCode = 'HTTP_302';
    },
  ],
  [
    'EDGE-2',
    'CloudFront MinimumProtocolVersion TLSv1',
    (t) => {
      t.at('Edge/Site/Distribution/Resource').Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion =
        'TLSv1';
    },
  ],
  [
    'EDGE-2',
    'ALB SslPolicy ELBSecurityPolicy-2016-08',
    (t) => {
      t.at('App/Origin/LoadBalancer/LoadBalancer/Https/Resource').Properties.SslPolicy = 'ELBSecurityPolicy-2016-08';
    },
  ],
  [
    'EDGE-2',
    'origin TLS 1.0 and 1.1 allowed',
    (t) => {
      t.at('Edge/Site/Distribution/Origin1/VpcOrigin/Resource').Properties.VpcOriginEndpointConfig.OriginSSLProtocols =
        ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
    },
  ],
  [
    'EDGE-3',
    "a CAA record lets Let's Encrypt issue",
    (t) => {
      const caa = Object.values(t.model.stacks.find((s) => s.name.endsWith('-Dns'))!.template.Resources!).find(
        (r) => r.Properties?.Type === 'CAA',
      )!;
      (caa.Properties!.ResourceRecords as string[]).push('0 issue "letsencrypt.org"');
    },
  ],
  [
    'EDGE-3',
    'the CloudFront certificate validated by email',
    (t) => {
      t.at('Edge/Site/Certificate/Resource').Properties.ValidationMethod = 'EMAIL';
    },
  ],
  [
    'EDGE-4',
    'HSTS dropped from the response headers policy',
    (t) => {
      delete headers(t).SecurityHeadersConfig.StrictTransportSecurity;
    },
  ],
  [
    'EDGE-4',
    'HSTS max-age one day',
    (t) => {
      headers(t).SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec = 86400;
    },
  ],
  [
    'EDGE-4',
    'the response headers policy removed from the /assets/* behavior',
    (t) => {
      delete behavior(t, '/assets/*').ResponseHeadersPolicyId;
    },
  ],
  [
    'EDGE-4',
    'a CSP with unsafe-inline scripts',
    (t) => {
      const csp = headers(t).SecurityHeadersConfig.ContentSecurityPolicy;
      csp.ContentSecurityPolicy = csp.ContentSecurityPolicy.replace(
        "script-src 'self'",
        "script-src 'self' 'unsafe-inline'",
      );
    },
  ],
  [
    'EDGE-4',
    'the Server header no longer removed',
    (t) => {
      delete headers(t).RemoveHeadersConfig;
    },
  ],
  [
    'EDGE-5',
    'the ALB internet-facing',
    (t) => {
      t.at('App/Origin/LoadBalancer/LoadBalancer/Resource').Properties.Scheme = 'internet-facing';
    },
  ],
  [
    'ORG-2',
    'the ALB internet-facing',
    (t) => {
      t.at('App/Origin/LoadBalancer/LoadBalancer/Resource').Properties.Scheme = 'internet-facing';
    },
  ],
  [
    'EDGE-6',
    'ATP removed from the CLOUDFRONT ACL',
    (t) => withoutRule(t.at('Edge/Waf/WebAcl'), 'AWSManagedRulesATPRuleSet'),
  ],
  ['EDGE-6', 'the login rate rule removed', (t) => withoutRule(t.at('Edge/Waf/WebAcl'), 'LoginRateLimit')],
  [
    'EDGE-6',
    'the login rate limit raised to 10000',
    (t) => {
      rules(t.at('Edge/Waf/WebAcl')).find((x) => x.Name === 'LoginRateLimit').Statement.RateBasedStatement.Limit =
        10000;
    },
  ],
  [
    'EDGE-7',
    'the cookie function association removed from the default behavior',
    (t) => {
      delete behavior(t).LambdaFunctionAssociations;
    },
  ],
  [
    'EDGE-7',
    'the cookie function moved to viewer response on /assets/* (skipped when the origin answers 400 or more)',
    (t) => {
      behavior(t, '/assets/*').LambdaFunctionAssociations[0].EventType = 'viewer-response';
    },
  ],
  [
    'EDGE-7',
    'SameSite=None let through by the deployed code while the stage forbids it',
    (t) => {
      const code = t.at('Edge/Site/CookieHardening/Function/Resource').Properties.Code;
      code.ZipFile = code.ZipFile.replace('{"allowSameSiteNone":false}', '{"allowSameSiteNone":true}');
    },
  ],
  [
    'EDGE-7',
    "the cookie function's role may also read any object",
    (t) => {
      statements(t.at('Edge/Site/CookieHardening/LogsPolicy/Resource')).push({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
      });
    },
  ],
  [
    'EDGE-8',
    'IP reputation removed from the CLOUDFRONT ACL',
    (t) => withoutRule(t.at('Edge/Waf/WebAcl'), 'AWSManagedRulesAmazonIpReputationList'),
  ],
  [
    'EDGE-8',
    'the distribution without its web ACL',
    (t) => {
      delete t.at('Edge/Site/Distribution/Resource').Properties.DistributionConfig.WebACLId;
    },
  ],
  [
    'EDGE-8',
    'WAF logs without redaction',
    (t) => {
      delete t.at('Edge/Waf/Logging').Properties.RedactedFields;
    },
  ],
  [
    'EDGE-10',
    'the forged-header lockout: the regional ACL counts logins per first X-Forwarded-For address',
    (t) => {
      const login = structuredClone(rules(t.at('Edge/Waf/WebAcl')).find((x) => x.Name === 'LoginRateLimit'));
      Object.assign(login.Statement.RateBasedStatement, {
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      });
      rules(t.at('App/WebAcl/WebAcl')).push({ ...login, Priority: 99 });
    },
  ],
  [
    'EDGE-10',
    'the login scope-down compared in lower case only',
    (t) => {
      const rate = rules(t.at('Edge/Waf/WebAcl')).find((x) => x.Name === 'LoginRateLimit').Statement.RateBasedStatement;
      for (const s of rate.ScopeDownStatement.OrStatement.Statements)
        s.ByteMatchStatement.TextTransformations = [{ Priority: 0, Type: 'LOWERCASE' }];
    },
  ],
  [
    'EDGE-10',
    'the anonymous-IP list added behind the VPC origin',
    (t) => {
      const list = rules(t.at('Edge/Waf/WebAcl')).find((x) => x.Name === 'AWSManagedRulesAnonymousIpList');
      rules(t.at('App/WebAcl/WebAcl')).push({ ...structuredClone(list), Priority: 99 });
    },
  ],
  [
    'EDGE-9',
    'www.example.org no longer an alias',
    (t) => {
      const cfg = t.at('Edge/Site/Distribution/Resource').Properties.DistributionConfig;
      cfg.Aliases = cfg.Aliases.filter((a: string) => a !== 'www.example.org');
    },
  ],

  // Mail
  [
    'MAIL-1',
    'DKIM key length 1024',
    (t) => {
      t.at('Mail/Domain-example.com/Identity/Resource').Properties.DkimSigningAttributes.NextSigningKeyLength =
        'RSA_1024_BIT';
    },
  ],
  [
    'MAIL-1',
    'DMARC p=none',
    (t) => {
      const dmarc = Object.values(t.model.stacks.find((s) => s.name.endsWith('-Mail'))!.template.Resources!).find(
        (r) => r.Properties?.Name === '_dmarc.example.org.',
      )!;
      dmarc.Properties!.ResourceRecords = (dmarc.Properties!.ResourceRecords as string[]).map((x) =>
        x.replace('p=quarantine', 'p=none'),
      );
    },
  ],
  [
    'MAIL-1',
    'SPF +all',
    (t) => {
      const spf = Object.values(t.model.stacks.find((s) => s.name.endsWith('-Mail'))!.template.Resources!).find(
        (r) => r.Properties?.Type === 'TXT' && r.Properties?.Name === 'mail.example.com.',
      )!;
      spf.Properties!.ResourceRecords = ['"v=spf1 include:amazonses.com +all"'];
    },
  ],
  [
    'MAIL-2',
    'the contact list without topics',
    (t) => {
      delete t.at('Mail/Unsubscribe/Resource').Properties.Topics;
    },
  ],
  [
    'MAIL-3',
    'configuration set TLS OPTIONAL',
    (t) => {
      t.at('Mail/Sending/ConfigurationSet/Resource').Properties.DeliveryOptions.TlsPolicy = 'OPTIONAL';
    },
  ],
  ['MAIL-3', 'no bounce-rate alarm', (t) => t.drop('Mail/Sending/BounceRateAlarm/Resource')],
  [
    'MAIL-3',
    'the mail rate rule removed from the CloudFront ACL',
    (t) => withoutRule(t.at('Edge/Waf/WebAcl'), 'MailRateLimit'),
  ],

  // Organisation
  [
    'ORG-1',
    'an IAM policy with Action "*"',
    (t) => {
      statements(t.at('Backup/RestoreTesting/ValidatorPolicy/Resource')).push({
        Sid: 'Debug',
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
      });
    },
  ],
  [
    'ORG-1',
    'an IAM policy with s3:*',
    (t) => {
      statements(t.at('Detection/StatusCanary/Policy/Resource')).push({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
      });
    },
  ],
  [
    'ORG-1',
    'secretsmanager:GetSecretValue on Resource "*"',
    (t) => {
      statements(t.at('Backup/RestoreTesting/ValidatorPolicy/Resource')).find(
        (s) => s.Sid === 'MasterSecret',
      ).Resource = '*';
    },
  ],
  [
    'ORG-1',
    'AdministratorAccess on the task execution role',
    (t) => {
      t.at('App/App/ExecutionRole/Resource').Properties.ManagedPolicyArns = [
        'arn:aws:iam::aws:policy/AdministratorAccess',
      ];
    },
  ],
  [
    'ORG-1',
    'the operator role without MFA',
    (t) => {
      delete statements(t.at('Data/OperatorAccess/OperatorRole/Resource'), 'AssumeRolePolicyDocument')[0].Condition
        .Bool;
    },
  ],
  [
    'ORG-3',
    'a hard-coded Password literal in a function environment',
    (t) => {
      t.at('Backup/RestoreTesting/Validator/Resource').Properties.Environment.Variables.DB_PASSWORD = PLANTED;
    },
  ],
  [
    'ORG-3',
    'a hard-coded MasterUserPassword on the cluster',
    (t) => {
      const p = t.at('Data/Database/Cluster/Resource').Properties;
      delete p.ManageMasterUserPassword;
      p.MasterUserPassword = PLANTED;
    },
  ],
  [
    'ORG-3',
    'a secret stored as a literal SecretString',
    (t) => {
      t.add('Data', 'LegacySecret', {
        Type: 'AWS::SecretsManager::Secret',
        Properties: { SecretString: `{"username":"legacy","password":"${PLANTED}"}` },
      });
    },
  ],
  [
    'ORG-3',
    'a password in a container environment variable',
    (t) => {
      t.at('App/App/Task/Resource').Properties.ContainerDefinitions[0].Environment.push({
        Name: 'DB_PASSWORD',
        Value: PLANTED,
      });
    },
  ],
  [
    'ORG-6',
    'a table that stores card numbers',
    (t) => {
      t.add('Data', 'PaymentCards', {
        Type: 'AWS::DynamoDB::Table',
        Properties: { KeySchema: [{ AttributeName: 'pan', KeyType: 'HASH' }] },
      });
    },
  ],

  // Proof
  [
    'PROOF-4',
    'the log key without the CloudWatch Logs statement for its encrypted log group',
    (t) => keyStatements(t, 'Data/Database/LogKey/Key/Resource', servicePrincipal(/^logs\./)),
  ],
  [
    'PROOF-4',
    'the alert topic key without events.amazonaws.com',
    (t) => keyStatements(t, 'DetectionGlobal/Alerts/Key/Key/Resource', servicePrincipal(/^events\./)),
  ],
  [
    'PROOF-4',
    'the alert topic key without cloudwatch.amazonaws.com',
    (t) => keyStatements(t, 'Network/Alerts/Key/Key/Resource', servicePrincipal(/^cloudwatch\./)),
  ],
  [
    'PROOF-4',
    'the trail key without cloudtrail.amazonaws.com',
    (t) => keyStatements(t, 'Detection/AuditTrail/Key/Key/Resource', servicePrincipal(/^cloudtrail\./)),
  ],
  [
    'PROOF-4',
    'the copy-region backup key unusable by AWS Backup',
    (t) =>
      keyStatements(
        t,
        'Recovery/BackupKey/Key/Resource',
        (s) => servicePrincipal(/^backup\./)(s) || /backup\./.test(JSON.stringify(s.Condition ?? {})),
      ),
  ],
];

describe('the unmutated example stage', () => {
  test.each(CLAIM_IDS.map((id) => [id]))('%s is kept or not applicable', (id) => {
    const r = claim(id).check(base);
    expect([id, r.status, r.status === 'kept' || r.status === 'not-applicable' ? '' : r.why]).toEqual([
      id,
      expect.stringMatching(/^(kept|not-applicable)$/),
      '',
    ]);
  });
});

describe('one realistic weakening of the real templates breaks the claim it names', () => {
  test('the table covers every claim family', () => {
    const families = new Set(MUTATIONS.map(([id]) => id.replace(/-\d+$/, '')));
    expect([...families].sort()).toEqual(['BKP', 'DB', 'DET', 'EDGE', 'MAIL', 'ORG', 'PROOF']);
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(MUTATIONS)('%s: %s', (id, _what, mutate) => {
    const t = new TemplateEditor(base);
    mutate(t);
    const r = claim(id).check(t.model);
    expect([id, r.status]).toEqual([id, expect.stringMatching(/^(partly|not-kept)$/)]);
    expect(r.why.length).toBeGreaterThan(0);
  });

  test('mutations edit clones: the base model still keeps every claim', () => {
    expect(
      checkAll(base)
        .filter((r) => !['kept', 'not-applicable'].includes(r.status))
        .map((r) => `${r.id}: ${r.why}`),
    ).toEqual([]);
  });
});

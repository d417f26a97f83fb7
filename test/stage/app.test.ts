import type { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { rateAggregationKey } from '../../lib/core/waf-match';
import { AppStack } from '../../lib/stacks/app-stack';
import { TEST_ENV, testConfig, testStack } from '../helpers';
import {
  exampleStage,
  hasStack,
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  stackOf,
  templateOf,
} from './example-stage';

const t = templateOf('App');
const ti = templateOf('App', INTERNAL);

const resourcesOf = (tpl: Template, type: string) => Object.values(tpl.findResources(type));
const listenerOn = (tpl: Template, port: number) =>
  resourcesOf(tpl, 'AWS::ElasticLoadBalancingV2::Listener').find((l) => l.Properties.Port === port)!;
const attributesOf = (entries: Array<{ Key: string; Value: unknown }>) =>
  Object.fromEntries(entries.map((a) => [a.Key, a.Value]));

describe('EDGE-5 ORG-2 the load balancer is internal and reachable from the VPC only', () => {
  test.each([
    ['public', () => t],
    ['internal', () => ti],
  ])('%s stage: scheme internal, in the private subnets', (_name, tpl) => {
    tpl().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: Match.arrayWith([
        Match.objectLike({
          'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('PrivateSubnet') }),
        }),
      ]),
    });
    expect(resourcesOf(tpl(), 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(1);
  });

  test('its security group admits 443 and the 80 redirect from the VPC range only, never 0.0.0.0/0', () => {
    const groups = resourcesOf(t, 'AWS::EC2::SecurityGroup');
    expect(groups).toHaveLength(1);
    const ingress = groups[0].Properties.SecurityGroupIngress;
    expect(ingress.map((r: Record<string, unknown>) => [r.CidrIp, r.IpProtocol, r.FromPort, r.ToPort])).toEqual([
      ['10.0.0.0/16', 'tcp', 443, 443],
      ['10.0.0.0/16', 'tcp', 80, 80],
    ]);
    expect(groups[0].Properties.SecurityGroupEgress).toBeUndefined();
  });

  test('no ingress rule anywhere in the stack is open to the internet', () => {
    const inline = resourcesOf(t, 'AWS::EC2::SecurityGroup').flatMap((g) => g.Properties.SecurityGroupIngress ?? []);
    const standalone = resourcesOf(t, 'AWS::EC2::SecurityGroupIngress').map((r) => r.Properties);
    for (const rule of [...inline, ...standalone]) {
      expect(rule.CidrIp).not.toBe('0.0.0.0/0');
      expect(rule.CidrIpv6).toBeUndefined();
    }
  });

  test('the load balancer egresses only to the tasks, on the container port', () => {
    const egress = resourcesOf(t, 'AWS::EC2::SecurityGroupEgress').filter(
      (r) => r.Properties.DestinationSecurityGroupId,
    );
    expect(egress).toHaveLength(1);
    expect(egress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 });
  });
});

describe('EDGE-2 TLS 1.2+ with forward-secret AEAD suites only', () => {
  test('the HTTPS listener uses the restricted TLS 1.3/1.2 post-quantum policy and the ACM certificate', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('^OriginCertificate') } }],
    });
  });

  test('EDGE-3 the certificate names the origin host, DNS-validated in the public zone of the first domain', () => {
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'origin.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        {
          DomainName: 'origin.example.com',
          HostedZoneId: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ Region: 'us-east-1' }) }),
        },
      ],
      CertificateTransparencyLoggingPreference: 'ENABLED',
    });
  });

  test('EDGE-3 the internal stage validates in its imported zone, by id', () => {
    ti.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'origin.test.example.net',
      DomainValidationOptions: [{ DomainName: 'origin.test.example.net', HostedZoneId: 'Z0EXAMPLE123456789ABC' }],
    });
  });
});

describe('EDGE-1 HTTP only redirects to HTTPS', () => {
  test('port 80 has a single action: 301 to HTTPS on 443, no rule, no target', () => {
    const http = listenerOn(t, 80);
    expect(http.Properties.Protocol).toBe('HTTP');
    expect(http.Properties.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
    ]);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('only two listeners exist: the HTTPS one and the redirect', () => {
    expect(
      resourcesOf(t, 'AWS::ElasticLoadBalancingV2::Listener')
        .map((l) => [l.Properties.Port, l.Properties.Protocol])
        .sort(),
    ).toEqual([
      [443, 'HTTPS'],
      [80, 'HTTP'],
    ]);
  });

  test('the HTTPS listener forwards to the app target group', () => {
    const [groupId] = Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
    expect(listenerOn(t, 443).Properties.DefaultActions).toEqual([
      { Type: 'forward', TargetGroupArn: { Ref: groupId } },
    ]);
  });
});

describe('EDGE-1 EDGE-8 load balancer attributes', () => {
  const attributes = attributesOf(
    resourcesOf(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0].Properties.LoadBalancerAttributes,
  );

  test('drops invalid header fields, strictest desync mitigation, deletion protection', () => {
    expect(attributes).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'deletion_protection.enabled': 'true',
    });
  });

  test('WAF does not fail open', () => {
    expect(attributes['waf.fail_open.enabled'] ?? 'false').toBe('false');
  });

  test('access logs go to the access log bucket of this stack', () => {
    expect(attributes['access_logs.s3.enabled']).toBe('true');
    expect(attributes['access_logs.s3.bucket']).toEqual({ Ref: expect.stringMatching(/^AccessLogsBucket/) });
  });
});

describe('EDGE-4 security headers set by the load balancer (defense in depth, kept on internal stages)', () => {
  test.each([
    ['public', PUBLIC],
    ['internal', INTERNAL],
  ])('%s stage: HSTS, CSP, nosniff, DENY; Server header off', (_name, file) => {
    const headers = attributesOf(listenerOn(templateOf('App', file), 443).Properties.ListenerAttributes);
    expect(headers).toEqual({
      'routing.http.response.strict_transport_security.header_value': 'max-age=63072000; includeSubDomains; preload',
      'routing.http.response.content_security_policy.header_value':
        exampleStage(file).config.edge.contentSecurityPolicy,
      'routing.http.response.x_content_type_options.header_value': 'nosniff',
      'routing.http.response.x_frame_options.header_value': 'DENY',
      'routing.http.response.server.enabled': 'false',
    });
  });
});

describe('EDGE-1 access log bucket', () => {
  const buckets = t.findResources('AWS::S3::Bucket');
  const accessLogs = Object.entries(buckets).find(([id]) => id.startsWith('AccessLogsBucket'))![1];
  const serverLogs = Object.entries(buckets).find(([id]) => id.startsWith('ServerAccessLogsBucket'))![1];

  test.each([
    ['access log bucket', accessLogs],
    ['server access log bucket', serverLogs],
  ])('%s: SSE-S3, private, versioned, retained, expiring after the configured days', (_n, bucket) => {
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            Status: 'Enabled',
          }),
        ],
      },
    });
  });

  test('the access log bucket logs its own access to the server access log bucket', () => {
    expect(accessLogs.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^ServerAccessLogsBucket/) },
      LogFilePrefix: expect.any(String),
    });
  });

  test('both buckets refuse requests without TLS, or below TLS 1.2', () => {
    for (const policy of resourcesOf(t, 'AWS::S3::BucketPolicy')) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
    }
  });
});

describe('EDGE-8 regional WAF on the load balancer', () => {
  test('a REGIONAL web ACL with the content rule groups is associated with the load balancer', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith(
        ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map(
          (name) =>
            Match.objectLike({
              Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: name, VendorName: 'AWS' }) },
            }),
        ),
      ),
    });
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^OriginLoadBalancer') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAcl'), 'Arn'] },
    });
  });

  const rulesOf = (tpl: Template): Array<Record<string, any>> =>
    resourcesOf(tpl, 'AWS::WAFv2::WebACL')[0].Properties.Rules;
  const rateRules = (tpl: Template) => rulesOf(tpl).filter((r) => r.Statement.RateBasedStatement);
  const hasAtp = (tpl: Template) =>
    rulesOf(tpl).some((r) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesATPRuleSet');

  const managedNames = (tpl: Template) =>
    rulesOf(tpl).flatMap((r) => r.Statement.ManagedRuleGroupStatement?.Name ?? []) as string[];
  const ADDRESS_LISTS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList'];

  test("EDGE-10 public stage: a forged X-Forwarded-For cannot lock a club out, no rule here keys on an address (behind the VPC origin it sees CloudFront's)", () => {
    // Behind the VPC origin every connection comes from CloudFront's interfaces in the VPC; CloudFront appends the
    // address it sees to whatever X-Forwarded-For the client sent.
    const club = { target: '/login', sourceIp: '10.0.0.12', headers: { 'X-Forwarded-For': '203.0.113.7' } };
    const forged = {
      target: '/login',
      sourceIp: '10.0.0.40',
      headers: { 'X-Forwarded-For': '203.0.113.7, 198.51.100.66' },
    };
    for (const r of rateRules(t)) {
      const rate = r.Statement.RateBasedStatement;
      expect([r.Name, rateAggregationKey(rate, forged)]).not.toEqual([r.Name, rateAggregationKey(rate, club)]);
    }
    expect(rateRules(t)).toEqual([]);
    expect(JSON.stringify(rulesOf(t))).not.toMatch(/ForwardedIP|FORWARDED_IP/);
  });

  test('EDGE-10 EDGE-8 public stage: no IP reputation or anonymous-IP list where only private addresses are seen; the internal stage, seeing its clients, keeps them', () => {
    expect(managedNames(t).filter((n) => ADDRESS_LISTS.includes(n))).toEqual([]);
    expect(managedNames(ti)).toEqual(expect.arrayContaining(ADDRESS_LISTS));
  });

  test('EDGE-6 public stage: account takeover prevention runs in the CLOUDFRONT ACL only (behind the VPC origin it would see one address for all users)', () => {
    expect(hasAtp(t)).toBe(false);
    expect(hasAtp(templateOf('Edge'))).toBe(true);
  });

  test('EDGE-6 internal stage: no proxy in front, so per-IP rules key on the connection address (X-Forwarded-For is client-written) and ATP runs here', () => {
    expect(rateRules(ti).length).toBe(2);
    for (const r of rateRules(ti)) {
      expect(r.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
      expect(r.Statement.RateBasedStatement.ForwardedIPConfig).toBeUndefined();
    }
    expect(hasAtp(ti)).toBe(true);
  });

  test('the web ACL logs with sensitive fields redacted', () => {
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
      ]),
    });
  });
});

describe('ORG-2 no public DNS record points at the app', () => {
  test.each([
    ['public', () => t],
    ['internal', () => ti],
  ])('%s stage: the only record is in a private zone attached to the VPC', (_name, tpl) => {
    const zones = tpl().findResources('AWS::Route53::HostedZone');
    const [zoneId, zone] = Object.entries(zones)[0];
    expect(Object.keys(zones)).toHaveLength(1);
    expect(zone.Properties.VPCs).toEqual([expect.objectContaining({ VPCRegion: 'eu-west-3' })]);
    for (const record of resourcesOf(tpl(), 'AWS::Route53::RecordSet')) {
      expect(record.Properties.HostedZoneId).toEqual({ Ref: zoneId });
    }
  });

  test('the internal stage has no CloudFront and no address record in a public zone, from any stack', () => {
    expect(hasStack('Edge', INTERNAL)).toBe(false);
    const appStack = stackOf('App', INTERNAL).name;
    const privateZones = new Set(Object.keys(ti.findResources('AWS::Route53::HostedZone')));
    const publicRecords = exampleStage(INTERNAL).stacks.flatMap((s) =>
      Object.values(s.template.Resources ?? {})
        .filter((r) => r.Type === 'AWS::Route53::RecordSet')
        .map((r) => r.Properties ?? {})
        .filter(
          (p) =>
            !(s.name === appStack && privateZones.has(String((p.HostedZoneId as { Ref?: string } | undefined)?.Ref))),
        ),
    );
    expect(publicRecords.length).toBeGreaterThan(0); // mail and CAA records exist: the check below is not vacuous
    for (const record of publicRecords) {
      expect(['A', 'AAAA']).not.toContain(record.Type);
      expect(record.AliasTarget).toBeUndefined();
      expect(JSON.stringify(record)).not.toMatch(/origin\.test\.example\.net|elb\.amazonaws\.com|LoadBalancer/);
    }
  });

  test('the private name is the certificate name, so TLS verification succeeds inside the VPC', () => {
    ti.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'origin.test.example.net.' });
    ti.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'origin.test.example.net.',
      Type: 'A',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    ti.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin.test.example.net' });
  });
});

describe('ORG-5 DB-1 DB-2 the Fargate app tier', () => {
  const task = resourcesOf(t, 'AWS::ECS::TaskDefinition')[0].Properties;
  const container = task.ContainerDefinitions[0];
  const service = resourcesOf(t, 'AWS::ECS::Service')[0].Properties;

  test('ORG-5 the service runs on the latest (patched) Fargate platform, with circuit breaker rollback', () => {
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      },
      DesiredCount: 2,
      EnableExecuteCommand: false,
    });
  });

  test('EDGE-5 tasks have no public IP and run in the private subnets', () => {
    expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    for (const subnet of service.NetworkConfiguration.AwsvpcConfiguration.Subnets) {
      expect(subnet['Fn::GetStackOutput'].OutputName).toMatch(/PrivateSubnet/);
    }
  });

  test('DB-1 the tasks use the data tier security group, which admits the load balancer on the container port', () => {
    const appSgOutput = service.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups;
    expect(appSgOutput).toEqual([
      { 'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/AppSecurityGroup/) }) },
    ]);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: appSgOutput[0],
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OriginLoadBalancerSecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
    });
  });

  test('DB-1 the data stack holds no rule pointing back at the app stack (no dependency cycle)', () => {
    expect(JSON.stringify(stackOf('Data').template)).not.toContain(stackOf('App').name);
  });

  test('DB-3 the task role is the data tier application role', () => {
    expect(task.TaskRoleArn).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/AppRole/) }),
    });
  });

  test('image, port, size and health check come from config', () => {
    expect(container).toMatchObject({
      PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
    });
    expect(task).toMatchObject({
      Cpu: '256',
      Memory: '512',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200-399' },
    });
    expect(resourcesOf(ti, 'AWS::ECS::Service')[0].Properties.DesiredCount).toBe(1);
  });

  test('read-only root filesystem, unprivileged, every capability dropped, scratch only in /tmp', () => {
    expect(container).toMatchObject({
      ReadonlyRootFilesystem: true,
      Privileged: false,
      LinuxParameters: { Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true },
      MountPoints: [{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'scratch0' }],
    });
    expect(task.Volumes).toEqual([{ Name: 'scratch0' }]);
  });

  test('DB-2 the environment names the database and IAM auth, and holds no secret', () => {
    const env = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    expect(env).toEqual({
      PGHOST: {
        'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/EndpointAddress/) }),
      },
      PGPORT: { 'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/EndpointPort/) }) },
      PGDATABASE: 'booking',
      PGUSER: 'app_user',
      PGSSLMODE: 'verify-full',
      DB_AUTH: 'iam',
    });
    expect(container.Secrets).toBeUndefined();
  });

  test('DET-4 container logs go to an encrypted, retained log group with the configured retention', () => {
    expect(container.LogConfiguration).toMatchObject({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: expect.stringMatching(/^AppLogs/) } },
    });
    const [id, group] = Object.entries(t.findResources('AWS::Logs::LogGroup')).find(([k]) => k.startsWith('AppLogs'))!;
    expect(id).toMatch(/^AppLogs/);
    expect(group).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^AppLogKey/), 'Arn'] } },
    });
  });

  test("PROOF-4 the log key lets CloudWatch Logs of this region use it for this stack's groups (colon ARN form)", () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogs',
            Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-3:111122223333:log-group:prod-App-*',
              },
            },
          }),
        ]),
      },
    });
  });

  test("ORG-1 ORG-7 the execution role has no inline policy, may only write this group's streams and pull the own image", () => {
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const [repository] = Object.keys(t.findResources('AWS::ECR::Repository'));
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:aws:logs:eu-west-3:111122223333:log-group:',
                  { Ref: Match.stringLikeRegexp('^AppLogs') },
                  ':log-stream:*',
                ],
              ],
            },
          },
          {
            Effect: 'Allow',
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: { 'Fn::GetAtt': [repository, 'Arn'] },
          },
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        ],
      },
    });
  });

  test('Container Insights (enhanced) on the cluster', () => {
    t.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
  });
});

describe('ORG-7 the app runs exactly the reviewed image', () => {
  test.each([PUBLIC, INTERNAL])("%s: from the stage's own immutable repository, by the configured tag", (file) => {
    const tpl = templateOf('App', file);
    const [id] = Object.keys(tpl.findResources('AWS::ECR::Repository'));
    tpl.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: {
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS' },
      },
    });
    const [task] = resourcesOf(tpl, 'AWS::ECS::TaskDefinition');
    const image = JSON.stringify(task.Properties.ContainerDefinitions[0].Image);
    const tag = exampleStage(file).config.app.image;
    expect(typeof tag).toBe('object');
    expect(image).toContain(`{"Ref":"${id}"}`);
    expect(image).toMatch(new RegExp(`:${(tag as { tag: string }).tag.replace(/\./g, '\\.')}"\\]\\]}$`));
    // docs/app-tier.md: the push commands read the repository URI from this output.
    tpl.hasOutput('ImageRepositoryUri', {});
  });
});

describe('ORG-7 service trusts carry aws:SourceAccount where the service sends it', () => {
  /** The Service principals and conditions of every role of a stack. */
  const trusts = (concern: string) =>
    resourcesOf(templateOf(concern), 'AWS::IAM::Role').flatMap((r: any) =>
      r.Properties.AssumeRolePolicyDocument.Statement.filter((s: any) => s.Principal.Service).map((s: any) => [
        [s.Principal.Service].flat().join(','),
        s.Condition?.StringEquals?.['aws:SourceAccount'],
      ]),
    );
  test('Backup: the plan and restore roles (backup), the restore validator (lambda)', () => {
    expect(trusts('Backup')).toEqual(
      expect.arrayContaining([
        ['backup.amazonaws.com', '111122223333'],
        ['backup.amazonaws.com', '111122223333'],
        ['lambda.amazonaws.com', '111122223333'],
      ]),
    );
    expect(trusts('Backup').every(([, account]) => account === '111122223333')).toBe(true);
  });
  test('App: the execution role (ecs-tasks)', () => {
    expect(trusts('App')).toEqual([['ecs-tasks.amazonaws.com', '111122223333']]);
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([PUBLIC, INTERNAL])('%s: no open finding in the app stack', (file) => {
    expect(openNagFindings(file, 'App')).toEqual([]);
  });
});

test('PROOF-3 a stage without a domain is refused with the fix named (config validation refuses it first; the stack guards too)', () => {
  expect(() => testConfig({ exposure: 'internal', domains: [] }, INTERNAL)).toThrow(
    /domains: every stage needs a domain/,
  );
  // GIVEN a stage whose config has no domain (past validation) and the stack's inputs
  const config = { ...testConfig({}, INTERNAL), domains: [] };
  const deps = testStack('Inputs');
  const vpc = new ec2.Vpc(deps, 'Vpc');
  // WHEN the app stack is built THEN it refuses, naming the fix
  expect(
    () =>
      new AppStack(deps.node.root as App, 'NoDomain', {
        env: TEST_ENV,
        config,
        vpc,
        appSecurityGroup: new ec2.SecurityGroup(deps, 'AppSecurityGroup', { vpc }),
        appRole: new iam.Role(deps, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
        cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(deps, 'Cluster', { clusterIdentifier: 'db' }),
        zones: {},
      }),
  ).toThrow(/needs a TLS certificate, hence a domain: add one to "domains"/);
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds('App', [
      'AWS::S3::Bucket',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::CertificateManager::Certificate',
      'AWS::Route53::HostedZone',
      'AWS::ECR::Repository',
    ]),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('App')).toMatchSnapshot();
});

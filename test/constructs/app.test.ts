// Construct tests of lib/constructs/app/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { validateStage } from '../../lib/config/validate';
import { FargateApp, type FargateAppProps } from '../../lib/constructs/app/fargate-app';
import { ALB_SSL_POLICY, InternalLoadBalancer } from '../../lib/constructs/app/internal-load-balancer';
import { LogBucket } from '../../lib/constructs/app/log-bucket';
import { HSTS_HEADER_VALUE } from '../../lib/defaults/constants';
import { nagFindings, rawConfig, testStack } from '../helpers';

describe('FargateApp', () => {
  type Options = Omit<FargateAppProps, 'vpc' | 'taskRole' | 'securityGroup' | 'environment'>;

  /** GIVEN a Fargate app in a fresh stack, with the tasks' group and role it is handed by the data tier. */
  function build(options: Options = {}) {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-3a', 'eu-west-3b'] });
    const app = new FargateApp(stack, 'App', {
      ...options,
      vpc,
      taskRole: new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
      securityGroup: new ec2.SecurityGroup(stack, 'Tasks', { vpc, allowAllOutbound: false }),
      environment: { PGSSLMODE: 'verify-full' },
    });
    return { app, t: Template.fromStack(stack) };
  }

  const DIGEST = `@sha256:${'0123456789abcdef'.repeat(4)}`;

  describe('ORG-1 ORG-7 private ECR images pinned by digest', () => {
    test('the execution role may pull from that one repository only', () => {
      const { app, t } = build({ image: `111122223333.dkr.ecr.eu-west-3.amazonaws.com/booking/web${DIGEST}` });
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
              Resource: 'arn:aws:ecr:eu-west-3:111122223333:repository/booking/web',
            },
            { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
          ]),
        },
      });
      expect(nagFindings(app)).toEqual([]);
    });

    test('a public image pinned by digest gives the execution role no ECR permission but the GuardDuty agent pull (DET-6), and no repository', () => {
      const { t } = build({ image: `public.ecr.aws/nginx/nginx-unprivileged${DIGEST}` });
      const policies = t.findResources('AWS::IAM::ManagedPolicy');
      const ecrPolicies = Object.entries(policies).filter(([, p]) => JSON.stringify(p).includes('ecr:'));
      expect(ecrPolicies.map(([id]) => id)).toEqual([expect.stringMatching(/^AppGuardDutyAgentPolicy/)]);
      expect(JSON.stringify(ecrPolicies[0][1])).toContain('repository/aws-guardduty-agent-fargate');
      t.resourceCountIs('AWS::ECR::Repository', 0);
    });
  });

  describe('ORG-7 the image is immutable', () => {
    test.each([
      'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine',
      'nginxinc/nginx-unprivileged:stable-alpine',
      '111122223333.dkr.ecr.eu-west-3.amazonaws.com/booking/web:1.4.2',
    ])('a tag-only image of another registry is refused: %s', (image) => {
      expect(() => build({ image })).toThrow(
        /mutable tag of another registry; pin it by digest or use the own repository/,
      );
    });

    test('the own repository: immutable tags, scan on push, KMS, a lifecycle rule, retained', () => {
      const { app, t } = build({ image: { repository: 'own', tag: '2.0.1' } });
      t.resourceCountIs('AWS::ECR::Repository', 1);
      t.hasResource('AWS::ECR::Repository', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          ImageTagMutability: 'IMMUTABLE',
          ImageScanningConfiguration: { ScanOnPush: true },
          EncryptionConfiguration: { EncryptionType: 'KMS' },
          LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"tagStatus":"untagged"') },
        },
      });
      const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
      expect(JSON.stringify(task.Properties.ContainerDefinitions[0].Image)).toMatch(
        /AppImagesRepository\w+.*:2\.0\.1"/,
      );
      expect(nagFindings(app)).toEqual([]);
    });

    test('the execution role pulls from the own repository only', () => {
      const { t } = build({ image: { repository: 'own', tag: '2.0.1' } });
      const repositoryId = Object.keys(t.findResources('AWS::ECR::Repository'))[0];
      const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
      const pulls = policy.Properties.PolicyDocument.Statement.filter((s: any) =>
        [s.Action].flat().some((a: string) => a.startsWith('ecr:')),
      );
      expect(pulls).toEqual([
        {
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: { 'Fn::GetAtt': [repositoryId, 'Arn'] },
        },
        { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      ]);
      t.resourceCountIs('AWS::IAM::Policy', 0);
    });
  });

  describe('ORG-5 FargateApp defaults', () => {
    test('without options it runs what the app config section defaults to (a default lives once)', () => {
      const defaults = validateStage(rawConfig()).app;
      const { app, t } = build();
      const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
      expect(task.Properties).toMatchObject({ Cpu: String(defaults.cpu), Memory: String(defaults.memoryMiB) });
      expect(defaults.image).toEqual({ repository: 'own', tag: '1.0.0' });
      expect(JSON.stringify(task.Properties.ContainerDefinitions[0].Image)).toContain(':1.0.0"');
      expect(task.Properties.ContainerDefinitions[0]).toMatchObject({
        PortMappings: [{ ContainerPort: defaults.containerPort, Protocol: 'tcp' }],
        ReadonlyRootFilesystem: defaults.readonlyRootFilesystem,
        User: defaults.user,
        MountPoints: defaults.writablePaths.map((ContainerPath, i) => ({
          ContainerPath,
          ReadOnly: false,
          SourceVolume: `scratch${i}`,
        })),
      });
      t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: defaults.desiredCount });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: defaults.logRetentionDays });
      expect([app.containerPort, app.healthCheckPath]).toEqual([defaults.containerPort, defaults.healthCheckPath]);
    });

    test('the given size, count, port, paths and retention are used', () => {
      const { app, t } = build({
        cpu: 1024,
        memoryMiB: 2048,
        desiredCount: 3,
        containerPort: 9000,
        healthCheckPath: '/healthz',
        writablePaths: ['/tmp', '/var/cache/app'],
        logRetentionDays: 30,
      });
      const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
      expect(task.Properties).toMatchObject({ Cpu: '1024', Memory: '2048' });
      expect(task.Properties.Volumes).toEqual([{ Name: 'scratch0' }, { Name: 'scratch1' }]);
      expect(task.Properties.ContainerDefinitions[0].PortMappings).toEqual([{ ContainerPort: 9000, Protocol: 'tcp' }]);
      t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      expect([app.containerPort, app.healthCheckPath]).toEqual([9000, '/healthz']);
    });
  });

  // Control Tower CT.ECS.PR.3 fails a container without `User`, or with 0, "0", "root", "0:*" or "root:*".
  describe('ORG-7 PROOF-6 CT.ECS.PR.3 FargateApp runs as a non-root user', () => {
    const containerUser = (t: Template) => {
      const [task] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
      return task.Properties.ContainerDefinitions.map((c: { User?: string }) => c.User);
    };

    test("by default the placeholder image's own nginx user, uid 101 and group 101", () => {
      expect(containerUser(build().t)).toEqual(['101:101']);
    });

    test('the configured user reaches the container definition', () => {
      expect(containerUser(build({ user: '1000:1000' }).t)).toEqual(['1000:1000']);
    });

    test.each(['0', '0:1000', 'root:root'])('refuses root (%s)', (user) => {
      expect(() => build({ user })).toThrow(/must not run as root/);
    });
  });
});

describe('InternalLoadBalancer', () => {
  const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; object-src 'none'";

  /** GIVEN an internal load balancer in a /16 VPC, with the given CSP. */
  function build(contentSecurityPolicy = STRICT_CSP): Template {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      availabilityZones: ['eu-west-3a', 'eu-west-3b'],
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
    });
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:eu-west-3:111122223333:certificate/abc',
    );
    const logs = new LogBucket(stack, 'Logs', { retentionDays: 30 });
    const lb = new InternalLoadBalancer(stack, 'Lb', {
      vpc,
      vpcCidr: '10.20.0.0/16',
      certificate,
      accessLogsBucket: logs.bucket,
      responseHeaders: { contentSecurityPolicy },
    });
    lb.httpsListener.addAction('Default', { action: elbv2.ListenerAction.fixedResponse(204) });
    return Template.fromStack(stack);
  }

  const listenerAttribute = (t: Template, key: string): unknown => {
    const [https] = Object.values(
      t.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Port: 443 } }),
    );
    return https.Properties.ListenerAttributes.find((a: { Key: string }) => a.Key === key)?.Value;
  };

  describe('EDGE-2 ALB TLS policy', () => {
    test('the policy is a TLS 1.3/1.2 restricted one, never one that allows TLS 1.0/1.1 or CBC suites', () => {
      expect(ALB_SSL_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-Res-/);
    });
  });

  describe('EDGE-5 InternalLoadBalancer', () => {
    const t = build();

    test('the security group admits only the given VPC range, on 443 and 80', () => {
      t.hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 }),
          Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 80, ToPort: 80 }),
        ],
      });
      const rules = [
        ...Object.values(t.findResources('AWS::EC2::SecurityGroup')),
        ...Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')),
      ];
      expect(JSON.stringify(rules)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    });

    test('EDGE-4 the default HSTS header is two years with includeSubDomains and preload', () => {
      expect(HSTS_HEADER_VALUE).toBe('max-age=63072000; includeSubDomains; preload');
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        ListenerAttributes: Match.arrayWith([
          { Key: 'routing.http.response.strict_transport_security.header_value', Value: HSTS_HEADER_VALUE },
        ]),
      });
    });
  });

  describe('EDGE-4 security headers set by the load balancer', () => {
    test('the CSP is the configured one', () => {
      const custom = "default-src 'self'; object-src 'none'; frame-ancestors 'none'";
      expect(listenerAttribute(build(custom), 'routing.http.response.content_security_policy.header_value')).toBe(
        custom,
      );
    });
  });
});

describe('LogBucket', () => {
  /** GIVEN the pair the app stack builds: a log bucket whose server access logs go to a second one. */
  function pair(retentionDays: number) {
    const stack = testStack();
    const serverAccessLogs = new LogBucket(stack, 'ServerAccessLogs', { retentionDays });
    new LogBucket(stack, 'AccessLogs', {
      retentionDays,
      serverAccessLogs: { bucket: serverAccessLogs.bucket, prefix: 'alb-access-logs-bucket/' },
    });
    return stack;
  }

  describe('EDGE-1 LogBucket', () => {
    test('a bucket without a server access log destination has no logging configuration', () => {
      const stack = testStack();
      new LogBucket(stack, 'L', { retentionDays: 7 });
      const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
      expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
      expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
        ExpirationInDays: 7,
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    });

    test('the retention follows retentionDays, on both buckets', () => {
      const rules = Object.values(Template.fromStack(pair(30)).findResources('AWS::S3::Bucket')).map(
        (b) => b.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays,
      );
      expect(rules).toEqual([30, 30]);
    });

    test('one lifecycle rule, the secure baseline one: objects, superseded versions, abandoned uploads', () => {
      const [bucket] = Object.values(Template.fromStack(pair(30)).findResources('AWS::S3::Bucket'));
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
        {
          Id: 'Expire',
          Status: 'Enabled',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ]);
    });

    test('PROOF-1 the pair leaves no open cdk-nag finding (SSE-S3, replication and the logging loop acknowledged)', () => {
      expect(nagFindings(pair(30))).toEqual([]);
    });
  });
});

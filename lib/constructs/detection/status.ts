import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { hostNames } from '../edge/edge-distribution';
import { SecureKey } from '../secure-key';
import { notify } from './alarms';
import { type AccessLogBucket, SecureBucket } from './secure-bucket';

/** Seconds between Route 53 checks from each checker region (30 is the standard, cheaper interval). */
const HEALTH_CHECK_INTERVAL_SECONDS = 30;
/** Consecutive failures before a checker counts the endpoint unhealthy. */
const HEALTH_CHECK_FAILURE_THRESHOLD = 3;
/** Minutes of unhealthy status before the alarm fires (one minute = about six failed checks from the fleet). */
const HEALTH_CHECK_ALARM_MINUTES = 2;
/** Runtime of the canary: the newest Node.js Puppeteer runtime this CDK version knows. */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0;
/** Consecutive failed canary periods before the alarm fires (one failure may be a blip). */
const CANARY_ALARM_PERIODS = 2;

/** One HTTPS endpoint a health check watches. */
export interface StatusTarget {
  /**
   * In {@link HealthChecksProps.targets}: a domain of the stage (its apex); the construct checks
   * every host name the distribution serves for it (the apex and `www.`, {@link hostNames}).
   * In {@link HealthChecks.checks}: the host name checked.
   */
  readonly host: string;
  /** Path, starting with `/`. */
  readonly path: string;
}

/** Properties of {@link HealthChecks}. */
export interface HealthChecksProps {
  /** Domains and paths to check: each domain is checked under every public host name (apex and www) times its path. */
  readonly targets: readonly StatusTarget[];
  /** Text the first 5,120 bytes of each response body must contain. */
  readonly searchString: string;
  /** us-east-1 alert topic: Route 53 publishes health check metrics in us-east-1 only. */
  readonly topic: sns.ITopic;
}

/**
 * DET-5, the public status: a Route 53 HTTPS health check with string matching per
 * public hostname (the apex and `www.` of each domain, as the distribution serves
 * them) and path (from checkers on several continents, like Pingdom), each with an
 * alarm to the team.
 */
export class HealthChecks extends Construct {
  /** Health check and alarm of each target, in target order. */
  readonly checks: Array<{
    readonly target: StatusTarget;
    readonly healthCheck: route53.HealthCheck;
    readonly alarm: cloudwatch.Alarm;
  }> = [];

  constructor(scope: Construct, id: string, props: HealthChecksProps) {
    super(scope, id);
    if (Stack.of(this).region !== 'us-east-1') {
      throw new Error(
        'HealthChecks must be in us-east-1: Route 53 publishes health check metrics there only, so alarms elsewhere never see data',
      );
    }
    const targets = props.targets.flatMap((t) => hostNames(t.host).map((host) => ({ host, path: t.path })));
    for (const target of targets) {
      // IDs from host and path, so adding a domain or path never renames another check.
      const key = `${target.host}${target.path}`.replace(/[^A-Za-z0-9]+/g, '-');
      const healthCheck = new route53.HealthCheck(this, `Check-${key}`, {
        type: route53.HealthCheckType.HTTPS_STR_MATCH,
        fqdn: target.host,
        resourcePath: target.path,
        port: 443,
        searchString: props.searchString,
        enableSNI: true,
        requestInterval: Duration.seconds(HEALTH_CHECK_INTERVAL_SECONDS),
        failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
        measureLatency: true,
      });
      const alarm = notify(
        new cloudwatch.Alarm(this, `Alarm-${key}`, {
          alarmDescription: `DET-5: https://${target.host}${target.path} fails its Route 53 health check (no HTTPS answer, or the page lacks "${props.searchString}").`,
          metric: new cloudwatch.Metric({
            namespace: 'AWS/Route53',
            metricName: 'HealthCheckStatus',
            dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
            statistic: cloudwatch.Stats.MINIMUM,
            period: Duration.minutes(1),
          }),
          threshold: 1,
          evaluationPeriods: HEALTH_CHECK_ALARM_MINUTES,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          // No data means Route 53 stopped reporting: treat it as down.
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
        props.topic,
      );
      this.checks.push({ target, healthCheck, alarm });
    }
  }
}

/** Properties of {@link StatusCanary}. */
export interface StatusCanaryProps {
  /** Every URL the canary loads on each run (https only). */
  readonly urls: readonly string[];
  /** Minutes between runs. */
  readonly intervalMinutes: number;
  /** Success percentage under which the alarm fires. */
  readonly successPercentThreshold: number;
  /** Days screenshots and HAR files are kept. */
  readonly artifactRetentionDays: number;
  /** Bucket that receives the artifact bucket's access logs. */
  readonly accessLogBucket: AccessLogBucket;
  /** The region's alert topic. */
  readonly topic: sns.ITopic;
  /**
   * VPC to run in, for targets reachable only from inside (the internal load balancer).
   * @default - outside any VPC: public sites are checked the way visitors reach them
   */
  readonly vpc?: ec2.IVpc;
}

/**
 * DET-5: a CloudWatch Synthetics canary that loads the main and login pages of the
 * platform in a real browser on a schedule, with an alarm on its success rate.
 * Artifacts (screenshots, HAR files) go to a private, TLS-only, KMS-encrypted,
 * versioned, access-logged bucket; the canary's role has a managed policy scoped
 * to that bucket, its key and its own log groups.
 */
export class StatusCanary extends Construct {
  /** The canary. */
  readonly canary: synthetics.Canary;
  /** Alarm on the canary's success percentage. */
  readonly alarm: cloudwatch.Alarm;
  /** Bucket of the canary's artifacts. */
  readonly artifactsBucket: SecureBucket;
  /** Key of the artifacts. */
  readonly key: SecureKey;

  constructor(scope: Construct, id: string, props: StatusCanaryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const url of props.urls) {
      if (!url.startsWith('https://')) throw new Error(`StatusCanary checks https URLs only, got ${url}`);
    }
    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the status canary artifacts' });
    this.artifactsBucket = new SecureBucket(this, 'Artifacts', {
      encryptionKey: this.key.key,
      accessLogBucket: props.accessLogBucket,
      accessLogPrefix: 'canary-artifacts/',
      noReplicationReason:
        'Screenshots and HAR files of a public page, kept for days to debug a failed run; the canary recreates them every few minutes and losing them loses no record.',
      expiration: Duration.days(props.artifactRetentionDays),
    });
    const bucket = this.artifactsBucket.bucket;

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Status canary: write artifacts, logs and Synthetics metrics',
    });
    const canaryLogs = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/lambda/cwsyn-*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
      // Synthetics lists buckets once to locate the artifact bucket; the action has no resource-level scope.
      new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.key.keyArn] }),
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [canaryLogs],
      }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
      }),
    ];
    if (props.vpc) {
      // Lambda in a VPC manages its own network interfaces; these EC2 actions have no resource-level scope.
      statements.push(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }
    const policy = new iam.ManagedPolicy(this, 'Policy', { statements });
    role.addManagedPolicy(policy);
    const wildcardReasons: Record<string, string> = {
      'AwsSolutions-IAM5[Resource::*]':
        's3:ListAllMyBuckets, cloudwatch:PutMetricData (conditioned on the CloudWatchSynthetics namespace)' +
        (props.vpc ? ' and the Lambda VPC network-interface actions' : '') +
        ' support no resource-level permissions.',
      [`AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`]:
        'The canary writes one object per run under generated keys; the wildcard is confined to its own artifact bucket.',
      [`AwsSolutions-IAM5[Resource::arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/cwsyn-*]`]:
        'Synthetics names the canary function cwsyn-<canary>-<random id> at creation; the wildcard is confined to Synthetics log groups of this account and region.',
    };
    for (const [findingId, reason] of Object.entries(wildcardReasons))
      Validations.of(policy).acknowledge({ id: findingId, reason });

    this.canary = new synthetics.Canary(this, 'Canary', {
      runtime: CANARY_RUNTIME,
      test: synthetics.Test.custom({
        code: synthetics.Code.fromInline(
          fs.readFileSync(path.join(__dirname, '..', '..', 'functions', 'canary', 'index.js'), 'utf8'),
        ),
        handler: 'index.handler',
      }),
      schedule: synthetics.Schedule.rate(Duration.minutes(props.intervalMinutes)),
      environmentVariables: { TARGET_URLS: JSON.stringify(props.urls) },
      role: role.withoutPolicyUpdates(),
      artifactsBucketLocation: { bucket },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: this.key.key,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      startAfterCreation: true,
      provisionedResourceCleanup: true,
    });
    this.canary.node.addDependency(policy);

    this.alarm = notify(
      new cloudwatch.Alarm(this, 'Alarm', {
        alarmDescription: `DET-5: the status canary fails to load ${props.urls.join(', ')}. Its screenshots and logs show which page and why.`,
        metric: this.canary.metricSuccessPercent({ period: Duration.minutes(props.intervalMinutes) }),
        threshold: props.successPercentThreshold,
        evaluationPeriods: CANARY_ALARM_PERIODS,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        // A canary that stops running is an outage of the monitoring itself.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      props.topic,
    );
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../../defaults/constants';
import {
  DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS,
  DEFAULT_CANARY_INTERVAL_MINUTES,
  DEFAULT_CANARY_SUCCESS_PERCENT,
  DEFAULT_STATUS_SEARCH_STRING,
} from '../../defaults/detection';
import { closedSecurityGroupProps } from '../../defaults/ec2';
import { invalidProps } from '../../defaults/errors';
import { acknowledge } from '../../defaults/nag';
import { hostNames } from '../edge/edge-distribution';
import { SecureKey } from '../secure-key';
import { notify } from './alarms';
import { SecureBucket, type ServerAccessLogBucket } from './secure-bucket';

/** Seconds between Route 53 checks from each checker region (30 is the standard, cheaper interval). */
const HEALTH_CHECK_INTERVAL_SECONDS = 30;
/** Consecutive failures before a checker counts the endpoint unhealthy. */
const HEALTH_CHECK_FAILURE_THRESHOLD = 3;
/** Minutes of unhealthy status before the alarm fires (one minute = about six failed checks from the fleet). */
const HEALTH_CHECK_ALARM_MINUTES = 2;
/** Health checks reach the site over HTTPS only. */
const HTTPS_PORT = 443;
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
  /**
   * Text the first 5,120 bytes of each response body must contain.
   * @default DEFAULT_STATUS_SEARCH_STRING ("<html")
   */
  readonly statusSearchString?: string;
  /** Alert topic of the edge region: Route 53 publishes health check metrics there only. */
  readonly topic: sns.ITopic;
}

/** One health check and the alarm on it. */
export interface StatusCheck {
  /** The host name and path checked. */
  readonly target: StatusTarget;
  /** The Route 53 health check. */
  readonly healthCheck: route53.HealthCheck;
  /** The alarm on its status. */
  readonly alarm: cloudwatch.Alarm;
}

/**
 * DET-5, the public status: a Route 53 HTTPS health check with string matching per
 * public hostname (the apex and `www.` of each domain, as the distribution serves
 * them) and path (from checkers on several continents, like Pingdom), each with an
 * alarm to the team.
 */
export class HealthChecks extends Construct {
  /** Health check and alarm of each target, in target order. */
  readonly checks: StatusCheck[] = [];

  constructor(scope: Construct, id: string, props: HealthChecksProps) {
    super(scope, id);
    if (Stack.of(this).region !== EDGE_REGION) {
      invalidProps(
        this,
        `HealthChecks must be in ${EDGE_REGION}: Route 53 publishes health check metrics there only, so alarms ` +
          'elsewhere never see data',
      );
    }
    const searchString = props.statusSearchString ?? DEFAULT_STATUS_SEARCH_STRING;
    for (const t of props.targets) {
      for (const host of hostNames(t.host))
        this.checks.push(this.addCheck({ host, path: t.path }, searchString, props.topic));
    }
  }

  /** A health check of one host name and path, with its alarm. */
  private addCheck(target: StatusTarget, searchString: string, topic: sns.ITopic): StatusCheck {
    // IDs from host and path, so adding a domain or path never renames another check.
    const key = `${target.host}${target.path}`.replace(/[^A-Za-z0-9]+/g, '-');
    const healthCheck = new route53.HealthCheck(this, `Check-${key}`, {
      type: route53.HealthCheckType.HTTPS_STR_MATCH,
      fqdn: target.host,
      resourcePath: target.path,
      port: HTTPS_PORT,
      searchString,
      enableSNI: true,
      requestInterval: Duration.seconds(HEALTH_CHECK_INTERVAL_SECONDS),
      failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
      measureLatency: true,
    });
    const alarm = notify(
      new cloudwatch.Alarm(this, `Alarm-${key}`, {
        alarmDescription:
          `DET-5: https://${target.host}${target.path} fails its Route 53 health check (no HTTPS answer, or the ` +
          `page lacks "${searchString}").`,
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
      topic,
    );
    return { target, healthCheck, alarm };
  }
}

/** Properties of {@link StatusCanary}. */
export interface StatusCanaryProps {
  /** Every URL the canary loads on each run (https only). */
  readonly urls: readonly string[];
  /**
   * Minutes between runs.
   * @default DEFAULT_CANARY_INTERVAL_MINUTES (5)
   */
  readonly canaryIntervalMinutes?: number;
  /**
   * Success percentage under which the alarm fires.
   * @default DEFAULT_CANARY_SUCCESS_PERCENT (90)
   */
  readonly canarySuccessPercent?: number;
  /**
   * Days screenshots and HAR files are kept.
   * @default DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS (30)
   */
  readonly canaryArtifactRetentionDays?: number;
  /** Bucket that receives the artifact bucket's access logs. */
  readonly accessLogBucket: ServerAccessLogBucket;
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
    // HTTPS on 443 only: in a VPC, the canary's security group lets nothing else out.
    const notHttps443 = props.urls.find(
      (url) => !url.startsWith('https://') || !['', '443'].includes(new URL(url).port),
    );
    if (notHttps443 !== undefined) {
      invalidProps(this, `urls: StatusCanary checks https URLs on port 443 only, got ${notHttps443}`);
    }
    const intervalMinutes = props.canaryIntervalMinutes ?? DEFAULT_CANARY_INTERVAL_MINUTES;

    this.key = new SecureKey(this, 'Key', { description: 'Encrypts the status canary artifacts' });
    this.artifactsBucket = this.createArtifactsBucket(props);
    const { role, policy } = this.createRole(props.vpc);

    this.canary = new synthetics.Canary(this, 'Canary', {
      runtime: CANARY_RUNTIME,
      test: synthetics.Test.custom({
        code: synthetics.Code.fromInline(
          fs.readFileSync(path.join(__dirname, '..', '..', 'functions', 'canary', 'index.js'), 'utf8'),
        ),
        handler: 'index.handler',
      }),
      schedule: synthetics.Schedule.rate(Duration.minutes(intervalMinutes)),
      environmentVariables: { TARGET_URLS: JSON.stringify(props.urls) },
      role: role.withoutPolicyUpdates(),
      artifactsBucketLocation: { bucket: this.artifactsBucket.bucket },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: this.key.key,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      securityGroups: props.vpc ? [this.createSecurityGroup(props.vpc)] : undefined,
      startAfterCreation: true,
      provisionedResourceCleanup: true,
    });
    this.canary.node.addDependency(policy);
    this.alarm = this.createAlarm(props, intervalMinutes);
  }

  /**
   * The in-VPC canary's group: HTTPS out and nothing else (CDK's default group allows all traffic to anywhere). The
   * canary needs only HTTPS: the pages it loads (the internal load balancer on 443), S3 for its artifacts, CloudWatch
   * for its metrics; its logs leave through Lambda's own service, and DNS goes to the VPC resolver, which security
   * groups do not filter.
   */
  private createSecurityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(
      this,
      'SecurityGroup',
      closedSecurityGroupProps(vpc, 'Status canary: HTTPS out only (pages, S3 artifacts, CloudWatch metrics)'),
    );
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS: checked pages, S3, CloudWatch');
    return group;
  }

  /** Screenshots and HAR files, under the canary's key, access-logged like the trail's bucket. */
  private createArtifactsBucket(props: StatusCanaryProps): SecureBucket {
    return new SecureBucket(this, 'Artifacts', {
      encryptionKey: this.key.key,
      accessLogBucket: props.accessLogBucket,
      accessLogPrefix: 'canary-artifacts/',
      noReplicationReason:
        'Screenshots and HAR files of a public page, kept for days to debug a failed run; the canary recreates ' +
        'them every few minutes and losing them loses no record.',
      retentionDays: props.canaryArtifactRetentionDays ?? DEFAULT_CANARY_ARTIFACT_RETENTION_DAYS,
    });
  }

  /** The canary's role, with a managed policy scoped to its bucket, key and own log groups. */
  private createRole(vpc: ec2.IVpc | undefined): { role: iam.Role; policy: iam.ManagedPolicy } {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Status canary: write artifacts, logs and Synthetics metrics',
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', { statements: this.policyStatements(vpc) });
    role.addManagedPolicy(policy);
    this.acknowledgeWildcards(policy, vpc);
    return { role, policy };
  }

  /** What the canary writes: artifacts, its log groups, Synthetics metrics (and its network interfaces in a VPC). */
  private policyStatements(vpc: ec2.IVpc | undefined): iam.PolicyStatement[] {
    const bucket = this.artifactsBucket.bucket;
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
      // Synthetics lists buckets once to locate the artifact bucket; the action has no resource-level scope.
      new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.key.keyArn] }),
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.canaryLogGroups()],
      }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
      }),
    ];
    if (vpc) {
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
    return statements;
  }

  /** The log groups Synthetics creates for canaries of this account and region. */
  private canaryLogGroups(): string {
    return Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/lambda/cwsyn-*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** One acknowledgment per wildcard of the canary policy, each with its constraint. */
  private acknowledgeWildcards(policy: iam.ManagedPolicy, vpc: ec2.IVpc | undefined): void {
    const stack = Stack.of(this);
    const bucket = this.artifactsBucket.bucket.node.defaultChild as s3.CfnBucket;
    acknowledge(
      policy,
      's3:ListAllMyBuckets, cloudwatch:PutMetricData (conditioned on the CloudWatchSynthetics namespace)' +
        (vpc ? ' and the Lambda VPC network-interface actions' : '') +
        ' support no resource-level permissions.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      policy,
      'The canary writes one object per run under generated keys; the wildcard is confined to its own artifact bucket.',
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket)}.Arn>/*]`,
    );
    acknowledge(
      policy,
      'Synthetics names the canary function cwsyn-<canary>-<random id> at creation; the wildcard is confined to ' +
        'Synthetics log groups of this account and region.',
      `AwsSolutions-IAM5[Resource::arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/cwsyn-*]`,
    );
  }

  /** The alarm on the canary's success rate, to the team. */
  private createAlarm(props: StatusCanaryProps, intervalMinutes: number): cloudwatch.Alarm {
    return notify(
      new cloudwatch.Alarm(this, 'Alarm', {
        alarmDescription:
          `DET-5: the status canary fails to load ${props.urls.join(', ')}. Its screenshots and logs show ` +
          'which page and why.',
        metric: this.canary.metricSuccessPercent({ period: Duration.minutes(intervalMinutes) }),
        threshold: props.canarySuccessPercent ?? DEFAULT_CANARY_SUCCESS_PERCENT,
        evaluationPeriods: CANARY_ALARM_PERIODS,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        // A canary that stops running is an outage of the monitoring itself.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      props.topic,
    );
  }
}

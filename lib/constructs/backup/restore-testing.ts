import * as path from 'node:path';
import { ArnFormat, type CfnElement, type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SecureKey } from '../secure-key';

/** AWS Backup names every cluster a restore test creates with this prefix. */
export const RESTORED_CLUSTER_PREFIX = 'awsbackup-restore-test-';
/**
 * Hours AWS Backup keeps the restored cluster for validation before deleting it.
 * It must outlast the validator's deadline, the deletion of its instance and the
 * Lambda event age below: 4 hours against 35 minutes + about 15.
 */
const VALIDATION_WINDOW_HOURS = 4;
/**
 * Minutes after the restore job's completion by which the instance the validator
 * adds must be available; later, the restore test is reported FAILED. Aurora adds an
 * instance in 5 to 15 minutes, commonly. The validator waits up to 12 minutes per
 * invocation (VALIDATOR_TIMEOUT minus the 3 minutes it keeps for the checks) and
 * Lambda invokes it at most 3 times (VALIDATOR_RETRIES + 1): 3 x 12 = 36 minutes of
 * waiting after the completion at least, so the last attempt always reaches this
 * deadline and reports, rather than ending in the dead-letter queue.
 */
const VALIDATION_DEADLINE_MINUTES = 35;
/** Hours AWS Backup may wait before starting a scheduled restore test. */
const START_WINDOW_HOURS = 1;
/** Days back the test may pick its recovery point from: the latest snapshot is at most a day old. */
const SELECTION_WINDOW_DAYS = 1;
/** The Lambda maximum: each invocation waits up to 12 minutes for the instance the validator adds. */
const VALIDATOR_TIMEOUT = Duration.minutes(15);
/** Asynchronous retries of the validator (the Lambda maximum): it throws a retryable error while the instance is not available. */
const VALIDATOR_RETRIES = 2;
/** Lambda keeps an event (first attempt and retries) this long; beyond, it goes to the dead-letter queue. */
const VALIDATOR_MAX_EVENT_AGE = Duration.hours(1);
/** Restore tests are weekly; two at once is already an anomaly. */
const VALIDATOR_CONCURRENCY = 2;
const VALIDATOR_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
/** CA file of the Lambda Node.js runtime, holding the RDS CAs; Node 20+ no longer loads it by default. */
const LAMBDA_CA_FILE = '/var/runtime/ca-cert.pem';

/** Properties of {@link RestoreTesting}. */
export interface RestoreTestingProps {
  /** VPC of the source cluster: the test restores into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** ARN of the cluster whose recovery points are tested. */
  readonly clusterArn: string;
  /** Port of the database engine. */
  readonly port: number;
  /** ARN of the source cluster's master secret; the restored cluster has the same master user. */
  readonly masterSecretArn: string;
  /** ARN of the key of that secret. */
  readonly masterSecretKeyArn: string;
  /** Database the validator opens. */
  readonly databaseName: string;
  /** Schema that must exist in the restored database. */
  readonly schema: string;
  /** Tables that must hold rows (empty: at least one table of the schema with rows). */
  readonly tables: readonly string[];
  /** Instance class the validator adds to a restored cluster without instances. */
  readonly instanceClass: string;
  /** Restore test schedule, `cron(...)` in UTC. */
  readonly schedule: string;
  /** Vaults the recovery point to test may come from. */
  readonly vaults: readonly backup.IBackupVault[];
  /** Topic that receives failed validations and validator errors. */
  readonly alertTopic: sns.ITopic;
}

/**
 * BKP-5, automatic integrity check: AWS Backup restores the latest snapshot of the
 * cluster on a schedule into the isolated subnets, behind a security group that
 * admits the validator only; the validator, triggered by the restore job's
 * completion, connects, checks and reports with PutRestoreValidationResult. A
 * failed validation or a validator error raises an alarm on the alert topic.
 */
export class RestoreTesting extends Construct {
  /** The restore testing plan. */
  readonly plan: backup.CfnRestoreTestingPlan;
  /** Its selection of the cluster. */
  readonly selection: backup.CfnRestoreTestingSelection;
  /** The validation function. */
  readonly validator: nodejs.NodejsFunction;
  /** Security group of the restored cluster: the validator only. */
  readonly restoredSecurityGroup: ec2.SecurityGroup;
  /** Security group of the validator. */
  readonly validatorSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.validatorSecurityGroup = new ec2.SecurityGroup(this, 'ValidatorSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Restore validator: the restored cluster and AWS APIs only',
    });
    this.restoredSecurityGroup = new ec2.SecurityGroup(this, 'RestoredClusterSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Clusters restored by restore tests: reachable from the validator only',
    });
    this.restoredSecurityGroup.addIngressRule(
      this.validatorSecurityGroup,
      ec2.Port.tcp(props.port),
      'restore validator',
    );
    this.validatorSecurityGroup.addEgressRule(this.restoredSecurityGroup, ec2.Port.tcp(props.port), 'restored cluster');
    // AWS Backup, RDS and Secrets Manager APIs through the NAT gateways; the validator has no inbound rule.
    this.validatorSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (HTTPS)');

    const subnetGroup = new rds.SubnetGroup(this, 'RestoredClusterSubnets', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: 'Isolated subnets for clusters restored by restore tests',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: `${stack.stackName.replace(/[^A-Za-z0-9_]/g, '_')}_restore_test`,
      scheduleExpression: props.schedule,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: START_WINDOW_HOURS,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: props.vaults.map((v) => v.backupVaultArn),
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: SELECTION_WINDOW_DAYS,
      },
    });

    const restoreRole = new iam.Role(this, 'RestoreRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup restore tests of the Aurora cluster',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    Validations.of(restoreRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason:
        'The service role policy AWS documents for AWS Backup restores; only backup.amazonaws.com assumes this role, and the restore testing selection names the one cluster.',
    });

    this.selection = new backup.CfnRestoreTestingSelection(this, 'Selection', {
      restoreTestingPlanName: this.plan.restoreTestingPlanName,
      restoreTestingSelectionName: 'aurora_cluster',
      protectedResourceType: 'Aurora',
      protectedResourceArns: [props.clusterArn],
      iamRoleArn: restoreRole.roleArn,
      validationWindowHours: VALIDATION_WINDOW_HOURS,
      // Isolated subnets, the validator-only group, no deletion protection so AWS Backup can clean up.
      restoreMetadataOverrides: {
        dbsubnetgroupname: subnetGroup.subnetGroupName,
        vpcsecuritygroupids: stack.toJsonString([this.restoredSecurityGroup.securityGroupId]),
      },
    });
    // The selection names the plan by a literal name, so the order is explicit.
    this.selection.node.addDependency(this.plan);

    const key = new SecureKey(this, 'ValidatorKey', { description: 'Restore validator logs and dead-letter queue' });
    const logGroup = new logs.LogGroup(this, 'ValidatorLogs', {
      encryptionKey: key.key,
      retention: VALIDATOR_LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.allowCloudWatchLogs();
    const deadLetters = new sqs.Queue(this, 'ValidatorDeadLetters', {
      encryptionMasterKey: key.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const role = new iam.Role(this, 'ValidatorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Restore validator',
    });
    const restoredCluster = stack.formatArn({
      service: 'rds',
      resource: 'cluster',
      resourceName: `${RESTORED_CLUSTER_PREFIX}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const restoredInstance = stack.formatArn({
      service: 'rds',
      resource: 'db',
      resourceName: `${RESTORED_CLUSTER_PREFIX}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = new iam.ManagedPolicy(this, 'ValidatorPolicy', {
      description:
        'Restore validator: read restored clusters, add and remove their validation instance, report results',
      statements: [
        new iam.PolicyStatement({
          sid: 'Logs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroup.logGroupArn}:log-stream:*`],
        }),
        new iam.PolicyStatement({
          sid: 'VpcNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'Tracing',
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'RestoreJobs',
          actions: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'RestoredClusters',
          actions: ['rds:DescribeDBClusters'],
          resources: [restoredCluster],
        }),
        new iam.PolicyStatement({
          sid: 'ValidationInstance',
          actions: ['rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DescribeDBInstances'],
          resources: [restoredCluster, restoredInstance],
        }),
        new iam.PolicyStatement({
          sid: 'MasterSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.masterSecretArn],
        }),
        new iam.PolicyStatement({
          sid: 'MasterSecretKey',
          actions: ['kms:Decrypt'],
          resources: [props.masterSecretKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({
          sid: 'DeadLetters',
          actions: ['sqs:SendMessage'],
          resources: [deadLetters.queueArn],
        }),
        new iam.PolicyStatement({
          sid: 'DeadLetterKey',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [key.key.keyArn],
        }),
      ],
    });
    role.addManagedPolicy(policy);

    this.validator = new nodejs.NodejsFunction(this, 'Validator', {
      entry: path.join(__dirname, '..', '..', 'functions', 'restore-validation', 'index.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: VALIDATOR_TIMEOUT,
      role: role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.validatorSecurityGroup],
      allowPublicSubnet: false,
      reservedConcurrentExecutions: VALIDATOR_CONCURRENCY,
      deadLetterQueue: deadLetters,
      retryAttempts: VALIDATOR_RETRIES,
      maxEventAge: VALIDATOR_MAX_EVENT_AGE,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        RESTORE_TESTING_PLAN_ARN: this.plan.attrRestoreTestingPlanArn,
        MASTER_SECRET_ARN: props.masterSecretArn,
        DATABASE_NAME: props.databaseName,
        EXPECTED_SCHEMA: props.schema,
        EXPECTED_TABLES: props.tables.join(','),
        INSTANCE_CLASS: props.instanceClass,
        VALIDATION_DEADLINE_MINUTES: String(VALIDATION_DEADLINE_MINUTES),
        NODE_EXTRA_CA_CERTS: LAMBDA_CA_FILE,
      },
      bundling: {
        minify: true,
        sourceMap: false,
        // The runtime ships the AWS SDK v3; pg-native is an optional binding pg never loads here.
        externalModules: ['@aws-sdk/*', 'pg-native'],
      },
    });

    // cfn-lint W3005: CDK adds a DependsOn on the role next to the GetAtt of its ARN; harmless, silenced on this resource only.
    (this.validator.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

    // BKP-5: the restore job's completion triggers the validation. EventBridge invokes the
    // function asynchronously: its retry policy covers the delivery to Lambda only; the
    // retries of a function error (the wait for the instance) are the function's own
    // (retryAttempts and maxEventAge above).
    new events.Rule(this, 'OnRestoreCompleted', {
      description: 'Validate clusters restored by the restore testing plan',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['COMPLETED'] },
      },
      targets: [
        new targets.LambdaFunction(this.validator, {
          deadLetterQueue: deadLetters,
          retryAttempts: 2,
          maxEventAge: VALIDATOR_MAX_EVENT_AGE,
        }),
      ],
    });

    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new cwActions.SnsAction(props.alertTopic));
      return a;
    };
    alarm(
      'ValidationFailedAlarm',
      new cloudwatch.Metric({
        namespace: 'RestoreValidation',
        metricName: 'Failed',
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      'BKP-5: a restore test produced a cluster that failed validation (see the restore job in AWS Backup and the validator logs).',
    );
    // Not the Lambda Errors metric: it also counts the retryable errors thrown while the
    // validator waits for its instance. Errors the handler cannot count (timeout, crash)
    // end in the dead-letter queue once the retries are spent.
    alarm(
      'ValidatorErrorsAlarm',
      new cloudwatch.Metric({
        namespace: 'RestoreValidation',
        metricName: 'ValidatorErrors',
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      'BKP-5: the restore validator failed (for example it could not report the result or delete its validation instance); see the validator logs.',
    );
    alarm(
      'ValidatorDeadLettersAlarm',
      deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.hours(1), statistic: 'Maximum' }),
      'BKP-5: a restore completion event could not be delivered to the validator.',
    );

    for (const [id, reason] of [
      [
        'AwsSolutions-IAM5[Resource::*]',
        'ENI management for a Lambda in a VPC, X-Ray segments and the AWS Backup restore-job actions do not support resource-level permissions; every other action is scoped to restored clusters, the secret, the queue and the log group.',
      ],
      [
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(logGroup.node.defaultChild as CfnElement)}.Arn>:log-stream:*]`,
        'Lambda names its log streams at run time; the wildcard covers streams of this one log group.',
      ],
      [
        `AwsSolutions-IAM5[Resource::${restoredCluster}]`,
        'AWS Backup names restored clusters at run time; the prefix confines the validator to clusters restore tests create.',
      ],
      [
        `AwsSolutions-IAM5[Resource::${restoredInstance}]`,
        'The validation instance is named after the restored cluster; the prefix confines it to restore-test clusters.',
      ],
    ]) {
      Validations.of(policy).acknowledge({ id, reason });
    }
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the validator and of its EventBridge target; an alarm fires on its first message.',
    });
  }
}

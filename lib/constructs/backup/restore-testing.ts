import * as path from 'node:path';
import { ArnFormat, type CfnElement, type CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { DEFAULT_RESTORE_TEST_SCHEDULE, DEFAULT_RESTORE_VALIDATION } from '../../defaults/backup';
import { POSTGRES_PORT } from '../../defaults/constants';
import { closedSecurityGroupProps } from '../../defaults/ec2';
import { invalidProps } from '../../defaults/errors';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { acknowledge } from '../../defaults/nag';
import { RESTORE_VALIDATION_NAMESPACE, type RestoreValidationMetric } from '../../functions/restore-validation/metrics';
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
/**
 * Asynchronous retries of the validator (the Lambda maximum): it throws a retryable error while the instance is not
 * available.
 */
const VALIDATOR_RETRIES = 2;
/** Lambda keeps an event (first attempt and retries) this long; beyond, it goes to the dead-letter queue. */
const VALIDATOR_MAX_EVENT_AGE = Duration.hours(1);
/** Restore tests are weekly; two at once is already an anomaly. */
const VALIDATOR_CONCURRENCY = 2;
/** Days the validator's logs are kept: a year of restore tests. */
const VALIDATOR_LOG_RETENTION_DAYS = 365;
/** CA file of the Lambda Node.js runtime, holding the RDS CAs; Node 20+ no longer loads it by default. */
const LAMBDA_CA_FILE = '/var/runtime/ca-cert.pem';

/** What the restore validation checks in the restored cluster (BKP-5). */
export interface RestoreValidationOptions {
  /**
   * Schema that must exist in the restored database.
   * @default DEFAULT_RESTORE_VALIDATION.schema ('public')
   */
  readonly schema?: string;
  /**
   * Tables of that schema that must hold rows.
   * @default - none named: at least one table of the schema must hold rows
   */
  readonly tables?: readonly string[];
  /**
   * Instance class the validator adds to a restored cluster (AWS Backup restores Aurora clusters without instances).
   * @default DEFAULT_RESTORE_VALIDATION.instanceClass ('db.t4g.medium')
   */
  readonly instanceClass?: string;
}

/** Properties of {@link RestoreTesting}. */
export interface RestoreTestingProps {
  /** VPC of the source cluster: the test restores into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** ARN of the cluster whose recovery points are tested. */
  readonly clusterArn: string;
  /** ARN of the source cluster's master secret; the restored cluster has the same master user. */
  readonly masterSecretArn: string;
  /** ARN of the key of that secret. */
  readonly masterSecretKeyArn: string;
  /** Database the validator opens. */
  readonly databaseName: string;
  /** Vaults the recovery point to test may come from. */
  readonly vaults: readonly backup.IBackupVault[];
  /** Topic that receives failed validations and validator errors. */
  readonly alertTopic: sns.ITopic;
  /**
   * Port of the database engine.
   * @default POSTGRES_PORT (5432)
   */
  readonly port?: number;
  /**
   * Restore test schedule, `cron(...)` in UTC.
   * @default DEFAULT_RESTORE_TEST_SCHEDULE ('cron(0 6 ? * SAT *)', weekly)
   */
  readonly restoreTestSchedule?: string;
  /**
   * What the validator checks in the restored database.
   * @default DEFAULT_RESTORE_VALIDATION (schema 'public' with a table holding rows, on a db.t4g.medium)
   */
  readonly restoreValidation?: RestoreValidationOptions;
}

/** What the validator writes to and reads from, created before it. */
interface ValidatorResources {
  readonly key: SecureKey;
  readonly logGroup: logs.LogGroup;
  readonly deadLetters: sqs.Queue;
}

/** ARNs of what restore tests create: clusters and instances under {@link RESTORED_CLUSTER_PREFIX}. */
interface RestoredArns {
  readonly cluster: string;
  readonly instance: string;
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
  /** The validator's role: it reads the master secret by design, so its reads are not alerted on (DB-2). */
  get validatorRole(): iam.IRole {
    const role = this.validator.role;
    if (!role) return invalidProps(this, 'the validator has no role');
    return role;
  }
  /** Security group of the restored cluster: the validator only. */
  readonly restoredSecurityGroup: ec2.SecurityGroup;
  /** Security group of the validator. */
  readonly validatorSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    if (!props.vaults.length) invalidProps(this, 'no vault given to pick the recovery point to test from');
    this.validatorSecurityGroup = new ec2.SecurityGroup(
      this,
      'ValidatorSecurityGroup',
      closedSecurityGroupProps(props.vpc, 'Restore validator: the restored cluster and AWS APIs only'),
    );
    this.restoredSecurityGroup = new ec2.SecurityGroup(
      this,
      'RestoredClusterSecurityGroup',
      closedSecurityGroupProps(props.vpc, 'Clusters restored by restore tests: reachable from the validator only'),
    );
    this.openValidatorPaths(props.port ?? POSTGRES_PORT);
    const subnetGroup = new rds.SubnetGroup(this, 'RestoredClusterSubnets', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: 'Isolated subnets for clusters restored by restore tests',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.plan = this.restoreTestingPlan(props);
    this.selection = this.clusterSelection(props, subnetGroup);
    const resources = this.validatorResources();
    this.validator = this.validatorFunction(props, resources);
    this.validateOnRestoreCompleted(resources.deadLetters);
    this.alarmOnFailures(props.alertTopic, resources.deadLetters);
  }

  /** The validator's key, its log group and its dead-letter queue, under that key. */
  private validatorResources(): ValidatorResources {
    const key = new SecureKey(this, 'ValidatorKey', { description: 'Restore validator logs and dead-letter queue' });
    const logGroup = new logs.LogGroup(
      this,
      'ValidatorLogs',
      encryptedLogGroupProps(key.key, VALIDATOR_LOG_RETENTION_DAYS),
    );
    key.allowCloudWatchLogs();
    const deadLetters = new sqs.Queue(this, 'ValidatorDeadLetters', {
      encryptionMasterKey: key.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      'This queue is the dead-letter queue of the validator and of its EventBridge target; an alarm fires on ' +
        'its first message.',
      'AwsSolutions-SQS3',
    );
    return { key, logGroup, deadLetters };
  }

  /** The restored cluster admits the validator only, on the database port; the validator has no inbound rule. */
  private openValidatorPaths(port: number): void {
    this.restoredSecurityGroup.addIngressRule(this.validatorSecurityGroup, ec2.Port.tcp(port), 'restore validator');
    this.validatorSecurityGroup.addEgressRule(this.restoredSecurityGroup, ec2.Port.tcp(port), 'restored cluster');
    // AWS Backup, RDS and Secrets Manager APIs through the NAT gateways.
    this.validatorSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (HTTPS)');
  }

  /** Picks the latest snapshot of the given vaults on the schedule. */
  private restoreTestingPlan(props: RestoreTestingProps): backup.CfnRestoreTestingPlan {
    return new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: `${Stack.of(this).stackName.replace(/[^A-Za-z0-9_]/g, '_')}_restore_test`,
      scheduleExpression: props.restoreTestSchedule ?? DEFAULT_RESTORE_TEST_SCHEDULE,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: START_WINDOW_HOURS,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: props.vaults.map((v) => v.backupVaultArn),
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: SELECTION_WINDOW_DAYS,
      },
    });
  }

  /**
   * Restores the one cluster, with the AWS Backup restore role, into the isolated subnets and the validator-only group.
   */
  private clusterSelection(
    props: RestoreTestingProps,
    subnetGroup: rds.SubnetGroup,
  ): backup.CfnRestoreTestingSelection {
    const restoreRole = new iam.Role(this, 'RestoreRole', {
      // ORG-7: only AWS Backup acting for this account (confused-deputy guard on the trust).
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'AWS Backup restore tests of the Aurora cluster',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    acknowledge(
      restoreRole,
      'The service role policy AWS documents for AWS Backup restores; only backup.amazonaws.com assumes this ' +
        'role, and the restore testing selection names the one cluster.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    );
    const selection = new backup.CfnRestoreTestingSelection(this, 'Selection', {
      restoreTestingPlanName: this.plan.restoreTestingPlanName,
      restoreTestingSelectionName: 'aurora_cluster',
      protectedResourceType: 'Aurora',
      protectedResourceArns: [props.clusterArn],
      iamRoleArn: restoreRole.roleArn,
      validationWindowHours: VALIDATION_WINDOW_HOURS,
      // Isolated subnets, the validator-only group, no deletion protection so AWS Backup can clean up.
      restoreMetadataOverrides: {
        dbsubnetgroupname: subnetGroup.subnetGroupName,
        vpcsecuritygroupids: Stack.of(this).toJsonString([this.restoredSecurityGroup.securityGroupId]),
      },
    });
    // The selection names the plan by a literal name, so the order is explicit.
    selection.node.addDependency(this.plan);
    return selection;
  }

  /** The validator: in the VPC, traced, retried while its instance is created, then dead-lettered. */
  private validatorFunction(props: RestoreTestingProps, res: ValidatorResources): nodejs.NodejsFunction {
    const role = new iam.Role(this, 'ValidatorRole', {
      // ORG-7: only Lambda acting for this account, as on the status canary's role.
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Restore validator',
    });
    role.addManagedPolicy(this.validatorPolicy(props, res));
    const validator = new nodejs.NodejsFunction(this, 'Validator', {
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
      deadLetterQueue: res.deadLetters,
      retryAttempts: VALIDATOR_RETRIES,
      maxEventAge: VALIDATOR_MAX_EVENT_AGE,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: res.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: this.validatorEnvironment(props),
      bundling: {
        minify: true,
        sourceMap: false,
        // The runtime ships the AWS SDK v3; pg-native is an optional binding pg never loads here.
        externalModules: ['@aws-sdk/*', 'pg-native'],
      },
    });
    // cfn-lint W3005: CDK adds a DependsOn on the role next to the GetAtt of its ARN; harmless, silenced on this
    // resource only.
    (validator.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    return validator;
  }

  /** What the validator reads at run time: the plan, the secret, and what to check by when. */
  private validatorEnvironment(props: RestoreTestingProps): Record<string, string> {
    const validation = { ...DEFAULT_RESTORE_VALIDATION, ...props.restoreValidation };
    return {
      RESTORE_TESTING_PLAN_ARN: this.plan.attrRestoreTestingPlanArn,
      MASTER_SECRET_ARN: props.masterSecretArn,
      DATABASE_NAME: props.databaseName,
      EXPECTED_SCHEMA: validation.schema,
      EXPECTED_TABLES: validation.tables.join(','),
      INSTANCE_CLASS: validation.instanceClass,
      VALIDATION_DEADLINE_MINUTES: String(VALIDATION_DEADLINE_MINUTES),
      NODE_EXTRA_CA_CERTS: LAMBDA_CA_FILE,
    };
  }

  /** Read restored clusters, add and remove their validation instance, report results; nothing else. */
  private validatorPolicy(props: RestoreTestingProps, res: ValidatorResources): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const restoreTestArn = (resource: string) =>
      stack.formatArn({
        service: 'rds',
        resource,
        resourceName: `${RESTORED_CLUSTER_PREFIX}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const restored: RestoredArns = { cluster: restoreTestArn('cluster'), instance: restoreTestArn('db') };
    const policy = new iam.ManagedPolicy(this, 'ValidatorPolicy', {
      description:
        'Restore validator: read restored clusters, add and remove their validation instance, report results',
      statements: this.validatorStatements(props, res, restored),
    });
    this.acknowledgeValidatorPolicy(policy, res, restored);
    return policy;
  }

  /** The wildcards of the validator's policy: each names what confines it. */
  private acknowledgeValidatorPolicy(policy: iam.ManagedPolicy, res: ValidatorResources, restored: RestoredArns): void {
    const stack = Stack.of(this);
    const logGroupId = stack.getLogicalId(res.logGroup.node.defaultChild as CfnElement);
    acknowledge(
      policy,
      'ENI management for a Lambda in a VPC, X-Ray segments and the AWS Backup restore-job actions do not ' +
        'support resource-level permissions; every other action is scoped to restored clusters, the secret, the ' +
        'queue and the log group.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      policy,
      'Lambda names its log streams at run time; the wildcard covers streams of this one log group.',
      `AwsSolutions-IAM5[Resource::arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:<${logGroupId}>:log-stream:*]`,
    );
    acknowledge(
      policy,
      'AWS Backup names restored clusters at run time; the prefix confines the validator to clusters ' +
        'restore tests create.',
      `AwsSolutions-IAM5[Resource::${restored.cluster}]`,
    );
    acknowledge(
      policy,
      'The validation instance is named after the restored cluster; the prefix confines it to restore-test clusters.',
      `AwsSolutions-IAM5[Resource::${restored.instance}]`,
    );
  }

  /**
   * The validator's log streams, built from the group's name. Not `${logGroupArn}:log-stream:*`: the LogGroup's Arn
   * attribute already ends in `:*`, and `<group>:*:log-stream:*` matches no stream, so the validator's logs, and the
   * metrics its alarms watch, would be denied and lost.
   */
  private validatorStreamsArn(logGroup: logs.ILogGroup): string {
    return Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroup.logGroupName}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The validator's statements: AWS APIs without resource-level permissions, the rest scoped to restore tests. */
  private validatorStatements(
    props: RestoreTestingProps,
    res: ValidatorResources,
    restored: RestoredArns,
  ): iam.PolicyStatement[] {
    const statement = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      new iam.PolicyStatement({ sid, actions, resources, conditions });
    return [
      statement('Logs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [this.validatorStreamsArn(res.logGroup)]),
      statement(
        'VpcNetworkInterfaces',
        [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        ['*'],
      ),
      statement('Tracing', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']),
      statement('RestoreJobs', ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'], ['*']),
      statement('RestoredClusters', ['rds:DescribeDBClusters'], [restored.cluster]),
      statement(
        'ValidationInstance',
        ['rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DescribeDBInstances'],
        [restored.cluster, restored.instance],
      ),
      statement('MasterSecret', ['secretsmanager:GetSecretValue'], [props.masterSecretArn]),
      statement('MasterSecretKey', ['kms:Decrypt'], [props.masterSecretKeyArn], {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
      }),
      statement('DeadLetters', ['sqs:SendMessage'], [res.deadLetters.queueArn]),
      statement('DeadLetterKey', ['kms:GenerateDataKey', 'kms:Decrypt'], [res.key.key.keyArn]),
    ];
  }

  /**
   * BKP-5: the restore job's completion triggers the validation. EventBridge invokes the
   * function asynchronously: its retry policy covers the delivery to Lambda only; the
   * retries of a function error (the wait for the instance) are the function's own
   * (retryAttempts and maxEventAge of the function).
   */
  private validateOnRestoreCompleted(deadLetters: sqs.IQueue): void {
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
  }

  /** A failed validation, a validator error or an undelivered completion event alarms the team. */
  private alarmOnFailures(alertTopic: sns.ITopic, deadLetters: sqs.Queue): void {
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new cwActions.SnsAction(alertTopic));
    };
    // The handler writes these with the embedded metric format, without dimension: the alarms read them the same way.
    const validationMetric = (metricName: RestoreValidationMetric) =>
      new cloudwatch.Metric({
        namespace: RESTORE_VALIDATION_NAMESPACE,
        metricName,
        statistic: 'Sum',
        period: Duration.hours(1),
      });
    alarm(
      'ValidationFailedAlarm',
      validationMetric('Failed'),
      'BKP-5: a restore test produced a cluster that failed validation (see the restore job in AWS Backup and ' +
        'the validator logs).',
    );
    // Not the Lambda Errors metric: it also counts the retryable errors thrown while the
    // validator waits for its instance. Errors the handler cannot count (timeout, crash)
    // end in the dead-letter queue once the retries are spent.
    alarm(
      'ValidatorErrorsAlarm',
      validationMetric('ValidatorErrors'),
      'BKP-5: the restore validator failed (for example it could not report the result or delete its validation ' +
        'instance); see the validator logs.',
    );
    alarm(
      'ValidatorDeadLettersAlarm',
      deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.hours(1), statistic: 'Maximum' }),
      'BKP-5: a restore completion event could not be delivered to the validator.',
    );
  }
}

import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeInCompliancePacks } from '../../defaults/nag';
import { SecureKey } from '../secure-key';

/** PostgreSQL's port. Written as a literal (not the cluster's `Endpoint.Port` attribute) so security group rules and nag rules see a number. */
export const DB_PORT = 5432;
/** Master user name; its password is generated and held by RDS in Secrets Manager. */
export const MASTER_USERNAME = 'postgres';
/** Days of Aurora's own automated backups (point-in-time restore within the cluster); AWS Backup keeps the long history (BKP-*). */
export const DEFAULT_AUTOMATED_BACKUP_DAYS = 7;
/** pgaudit statement classes logged when none are configured. */
export const DEFAULT_AUDIT_CLASSES = 'ddl,role,write';

/** Properties of {@link SecureDatabase}. */
export interface SecureDatabaseProps {
  /** VPC whose isolated subnets hold the cluster. */
  readonly vpc: ec2.IVpc;
  /**
   * Physical cluster identifier. Set by hand because the PostgreSQL log group's
   * name (`/aws/rds/cluster/<id>/postgresql`) must be known before the cluster exists.
   */
  readonly clusterIdentifier: string;
  /** Aurora PostgreSQL engine version, major.minor (e.g. "16.6"). */
  readonly engineVersion: string;
  /** Serverless v2 minimum capacity, ACUs. */
  readonly minCapacity: number;
  /** Serverless v2 maximum capacity, ACUs. */
  readonly maxCapacity: number;
  /** Name of the application database created with the cluster. */
  readonly databaseName: string;
  /** Database user the application connects as (IAM authentication). */
  readonly appUser: string;
  /** Daily automated backup window, UTC, hh:mm-hh:mm. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC, ddd:hh:mm-ddd:hh:mm; must not overlap the backup window. */
  readonly maintenanceWindow: string;
  /** Days the PostgreSQL log (with the pgaudit records) stays in CloudWatch Logs. */
  readonly logRetentionDays: logs.RetentionDays;
  /** Days between rotations of the master credential (ORG-4: 60). */
  readonly rotationDays: number;
  /**
   * pgaudit statement classes (`pgaudit.log`).
   * @default DEFAULT_AUDIT_CLASSES
   */
  readonly auditClasses?: string;
  /**
   * Days of Aurora automated backups.
   * @default DEFAULT_AUTOMATED_BACKUP_DAYS
   */
  readonly automatedBackupDays?: number;
}

/**
 * An Aurora PostgreSQL Serverless v2 cluster that keeps DB-1..DB-6, ORG-4 and
 * ORG-5: isolated, firewalled to named security groups, IAM-authenticated over
 * TLS only, encrypted under customer keys, audited with pgaudit into an encrypted
 * log group, kept on deletion, its master credential rotated by RDS.
 */
export class SecureDatabase extends Construct {
  /** The cluster. */
  readonly cluster: rds.DatabaseCluster;
  /** The cluster's own security group: ingress only from {@link allowFrom} peers, on {@link DB_PORT}; no egress. */
  readonly securityGroup: ec2.SecurityGroup;
  /** Security group of the application tasks; the database admits it. No egress except to the database: the app tier adds what it needs. */
  readonly appSecurityGroup: ec2.SecurityGroup;
  /** Role of the application tasks: `rds-db:connect` as the application user of this cluster only. */
  readonly appRole: iam.Role;
  /** Encrypts storage (and so snapshots) and Performance Insights (DB-4). */
  readonly storageKey: kms.Key;
  /** Encrypts the master secret (DB-2, DB-4). */
  readonly secretKey: kms.Key;
  /** Encrypts the PostgreSQL log group (DB-4, DB-5). */
  readonly logKey: kms.Key;
  /** The PostgreSQL log group, audit records included (DB-5). */
  readonly logGroup: logs.LogGroup;
  /** ARN of the RDS-managed master secret. */
  readonly masterSecretArn: string;
  /** The 60-day rotation schedule of the master secret (ORG-4). */
  readonly rotation: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: SecureDatabaseProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // DB-4: one customer key per purpose, yearly rotation, never deleted with the stack.
    this.storageKey = new SecureKey(this, 'StorageKey', {
      description: `Aurora storage, snapshots and Performance Insights of ${props.clusterIdentifier}`,
    }).key;
    this.secretKey = new SecureKey(this, 'SecretKey', {
      description: `Master secret of ${props.clusterIdentifier}`,
    }).key;
    const logKey = new SecureKey(this, 'LogKey', {
      description: `PostgreSQL and audit logs of ${props.clusterIdentifier}`,
    });
    this.logKey = logKey.key;

    // DB-5: the group RDS exports to, declared here so it carries a customer key and a
    // retention (CDK's cloudwatchLogsRetention would create it unencrypted).
    const logGroupName = `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`;
    // PROOF-4: CloudWatch Logs may use the key for this one group only.
    logKey.allowCloudWatchLogs(logGroupName, 'AllowCloudWatchLogsForPostgresLogGroup');
    this.logGroup = new logs.LogGroup(this, 'PostgresLogGroup', {
      logGroupName,
      encryptionKey: this.logKey,
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // DB-1: the cluster's own group; CDK's default would allow all egress, the database needs none.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: `Aurora ${props.clusterIdentifier}: PostgreSQL from the app tier and the operator access host only`,
    });
    this.appSecurityGroup = new ec2.SecurityGroup(this, 'AppSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Application tasks: the database admits this group',
    });

    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(props.engineVersion, props.engineVersion.split('.')[0]),
    });
    // DB-2 TLS on every connection; DB-5 pgaudit loaded and logging.
    const parameterGroup = new rds.ParameterGroup(this, 'ClusterParameters', {
      engine,
      description: `TLS only and pgaudit for ${props.clusterIdentifier}`,
      parameters: {
        'rds.force_ssl': '1',
        shared_preload_libraries: 'pg_stat_statements,pgaudit',
        'pgaudit.log': props.auditClasses ?? DEFAULT_AUDIT_CLASSES,
        'pgaudit.log_catalog': '0',
        // Bound parameters can carry personal data; statements are logged without them.
        'pgaudit.log_parameter': '0',
        'pgaudit.role': 'rds_pgaudit',
        log_connections: '1',
        log_disconnections: '1',
      },
    });

    // ORG-5: minor versions applied automatically in the maintenance window.
    const instance = (name: string, extra: Partial<rds.ServerlessV2ClusterInstanceProps> = {}) =>
      rds.ClusterInstance.serverlessV2(name, {
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
        preferredMaintenanceWindow: props.maintenanceWindow,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.storageKey,
        ...extra,
      });

    const zones = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).availabilityZones;
    if (new Set(zones).size < 2) {
      throw new Error(
        `SecureDatabase ${props.clusterIdentifier}: the isolated subnets span ${zones.length} zone(s); the writer and the reader need two (DB-6)`,
      );
    }
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: props.clusterIdentifier,
      // DB-6: a writer and a reader pinned to two different zones, so losing one zone leaves a
      // copy to fail over to; the reader scales with the writer so the failover lands on enough capacity.
      writer: instance('Writer', { availabilityZone: zones[0] }),
      readers: [instance('Reader', { availabilityZone: zones[1], scaleWithWriter: true })],
      serverlessV2MinCapacity: props.minCapacity,
      serverlessV2MaxCapacity: props.maxCapacity,
      // DB-1: isolated subnets (no route out), never public, own security group.
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: DB_PORT,
      // DB-2: IAM authentication; the master password is generated and kept by RDS in
      // Secrets Manager under a customer key: it never appears in code or template.
      iamAuthentication: true,
      manageMasterUserPassword: true,
      credentials: rds.Credentials.fromUsername(MASTER_USERNAME, { encryptionKey: this.secretKey }),
      parameterGroup,
      defaultDatabaseName: props.databaseName,
      // DB-4
      storageEncrypted: true,
      storageEncryptionKey: this.storageKey,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.storageKey,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      // DB-5: exported into the group declared above (no cloudwatchLogsRetention: see there).
      cloudwatchLogsExports: ['postgresql'],
      // DB-6
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      // ORG-5 windows; the backup issue schedules its snapshots around them.
      backup: {
        retention: Duration.days(props.automatedBackupDays ?? DEFAULT_AUTOMATED_BACKUP_DAYS),
        preferredWindow: props.backupWindow,
      },
      preferredMaintenanceWindow: props.maintenanceWindow,
      monitoringInterval: Duration.seconds(60),
    });
    // Enhanced monitoring (NIST RDSEnhancedMonitoringEnabled) writes OS metrics through this role.
    const monitoringRole = this.cluster.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      Validations.of(monitoringRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason:
          'AWS-maintained service-role policy for RDS enhanced monitoring, confined to the RDSOSMetrics log group; the role can be assumed only by monitoring.rds.amazonaws.com.',
      });
    }
    // RDS creates `/aws/rds/cluster/<id>/postgresql` itself, unencrypted, if it exports
    // first: the cluster must wait for the declared group.
    this.cluster.node.addDependency(this.logGroup);

    const cfnCluster = this.cluster.node.defaultChild as rds.CfnDBCluster;
    this.masterSecretArn = cfnCluster.attrMasterUserSecretSecretArn;

    // ORG-4: RDS-managed rotation rather than addRotationSingleUser. The managed secret is
    // rotated by RDS itself, outside the VPC, so the isolated subnets need no route or
    // endpoint to Secrets Manager; there is no rotation Lambda to patch, no Serverless
    // Application Repository app and no CAPABILITY_AUTO_EXPAND transform. RDS's default
    // schedule is 7 days: this schedule (no Lambda: RDS rotates) sets the configured period.
    this.rotation = new secretsmanager.CfnRotationSchedule(this, 'MasterSecretRotation', {
      secretId: this.masterSecretArn,
      rotationRules: { scheduleExpression: `rate(${props.rotationDays} days)` },
      rotateImmediatelyOnUpdate: false,
    });

    // DB-3: the application may connect as its own database user on this cluster, nothing else.
    // A managed policy rather than grantConnect's inline default policy (IAMNoInlinePolicy).
    this.appRole = new iam.Role(this, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Application tasks: rds-db:connect as ${props.appUser} on ${props.clusterIdentifier} only`,
    });
    this.appRole.addManagedPolicy(
      new iam.ManagedPolicy(this, 'AppConnectPolicy', {
        description: `rds-db:connect as ${props.appUser} only`,
        statements: [this.connectStatement(props.appUser)],
      }),
    );

    this.allowFrom(this.appSecurityGroup, 'application tasks');

    // The cluster-level RDSInBackupPlan finding cannot be fixed here; see acknowledgeInstanceRules.
    this.acknowledgeInstanceRules();
  }

  /** A statement allowing `rds-db:connect` as exactly `dbUser` on this cluster (DB-3). */
  connectStatement(dbUser: string): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['rds-db:connect'],
      resources: [this.dbUserArn(dbUser)],
    });
  }

  /** ARN of one database user of this cluster, as IAM authentication names it. */
  dbUserArn(dbUser: string): string {
    return Stack.of(this).formatArn({
      service: 'rds-db',
      resource: 'dbuser',
      resourceName: `${this.cluster.clusterResourceIdentifier}/${dbUser}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * DB-1: admits `peer` on the database port only. The peer's egress to the
   * database is added too when the peer restricts its outbound traffic.
   */
  allowFrom(peer: ec2.SecurityGroup, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(DB_PORT), description);
  }

  private acknowledgeInstanceRules(): void {
    for (const child of this.cluster.node.children) {
      if (!(child.node.defaultChild instanceof rds.CfnDBInstance) && !(child instanceof rds.CfnDBInstance)) continue;
      acknowledgeInCompliancePacks(
        child,
        'RDSInBackupPlan',
        'Aurora is backed up at cluster level: the AWS Backup plan (Backup stack) selects this cluster by its ARN; the rule matches DB instance ARNs only, ' +
          'and Aurora instances cannot be backed up individually.',
      );
    }
  }
}

import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { postgresLogGroupName } from '../../core/naming';
import { POSTGRES_PORT } from '../../defaults/constants';
import {
  DEFAULT_APP_USER,
  DEFAULT_AUDIT_CLASSES,
  DEFAULT_AUTOMATED_BACKUP_DAYS,
  DEFAULT_BACKUP_WINDOW,
  DEFAULT_DATABASE_NAME,
  DEFAULT_DB_LOG_RETENTION_DAYS,
  DEFAULT_ENGINE_VERSION,
  DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME,
  DEFAULT_LIKE_MASTER_USERNAMES,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_MASTER_USERNAME,
  DEFAULT_MAX_CAPACITY,
  DEFAULT_MIN_CAPACITY,
  DEFAULT_ROTATION_DAYS,
} from '../../defaults/database';
import { closedSecurityGroupProps } from '../../defaults/ec2';
import { invalidProps } from '../../defaults/errors';
import { encryptedLogGroupProps } from '../../defaults/logs';
import { acknowledge } from '../../defaults/nag';
import { SecureKey } from '../secure-key';

/**
 * Properties of {@link SecureDatabase}. Named as the fields of the stage's `database` section, so a stack
 * passes that section by spreading it.
 */
export interface SecureDatabaseProps {
  /** VPC whose isolated subnets hold the cluster; they must span at least two zones (DB-6). */
  readonly vpc: ec2.IVpc;
  /**
   * Physical cluster identifier. Set by hand because the PostgreSQL log group's
   * name (`/aws/rds/cluster/<id>/postgresql`) must be known before the cluster exists.
   */
  readonly clusterIdentifier: string;
  /**
   * Aurora PostgreSQL engine version, major.minor.
   * @default DEFAULT_ENGINE_VERSION ('16.6')
   */
  readonly engineVersion?: string;
  /**
   * Serverless v2 minimum capacity, ACUs.
   * @default DEFAULT_MIN_CAPACITY (0.5)
   */
  readonly minCapacity?: number;
  /**
   * Serverless v2 maximum capacity, ACUs.
   * @default DEFAULT_MAX_CAPACITY (4)
   */
  readonly maxCapacity?: number;
  /**
   * Name of the application database created with the cluster.
   * @default DEFAULT_DATABASE_NAME ('booking')
   */
  readonly databaseName?: string;
  /**
   * Master user of the cluster (ORG-7, CT.RDS.PR.21): a default name such as `postgres` is refused unless
   * `keepDeployedMasterUsername` is set. RDS cannot rename it on an existing cluster (and the fixed identifier rules out
   * a replacement): a deployed cluster keeps its name through this prop.
   * @default DEFAULT_MASTER_USERNAME ('bookingadmin')
   */
  readonly masterUsername?: string;
  /**
   * Accept a default master user name: only for a cluster that already exists with one.
   * @default DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME (false)
   */
  readonly keepDeployedMasterUsername?: boolean;
  /**
   * Database user the application connects as (IAM authentication, DB-3).
   * @default DEFAULT_APP_USER ('app_user')
   */
  readonly appUser?: string;
  /**
   * Daily automated backup window, UTC, hh:mm-hh:mm.
   * @default DEFAULT_BACKUP_WINDOW ('01:00-01:30')
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC, ddd:hh:mm-ddd:hh:mm; must not overlap the backup window (ORG-5).
   * @default DEFAULT_MAINTENANCE_WINDOW ('sun:02:00-sun:03:00')
   */
  readonly maintenanceWindow?: string;
  /**
   * Days the PostgreSQL log (with the pgaudit records) stays in CloudWatch Logs: a CloudWatch Logs retention value
   * (DB-5).
   * @default DEFAULT_DB_LOG_RETENTION_DAYS (365)
   */
  readonly logRetentionDays?: number;
  /**
   * Days between rotations of the master credential (ORG-4: at most 60).
   * @default DEFAULT_ROTATION_DAYS (60)
   */
  readonly rotationDays?: number;
  /**
   * pgaudit statement classes (`pgaudit.log`, DB-5).
   * @default DEFAULT_AUDIT_CLASSES ('ddl,role,write')
   */
  readonly auditClasses?: string;
  /**
   * Days of Aurora automated backups.
   * @default DEFAULT_AUTOMATED_BACKUP_DAYS (7)
   */
  readonly automatedBackupDays?: number;
  /**
   * Switch-over after a restore (OPS-2): a cluster restored outside the stack that the application and the human
   * roles use instead of the stack's own. Nothing is looked up: {@link SecureDatabase.activeCluster} carries its
   * endpoint, and every `rds-db:connect` statement names its resource ID. The stack's own cluster stays declared as it
   * is (same logical ID, retained).
   * @default - the stack's own cluster serves the application
   */
  readonly restoredCluster?: RestoredCluster;
  /**
   * Disaster path (OPS-2): ARN of a DB cluster snapshot in this stack's region (a copied recovery point) from which the
   * cluster is built instead of an empty one. Only for a cluster that does not exist yet: CloudFormation replaces a
   * cluster whose snapshot changes, and the fixed identifier makes that replacement fail.
   * @default - an empty cluster
   */
  readonly restoreFromSnapshotArn?: string;
}

/** A cluster restored outside the stack (AWS Backup, console), named by what IAM and clients need (OPS-2). */
export interface RestoredCluster {
  /** Its DB cluster identifier. */
  readonly identifier: string;
  /** Its resource ID (`cluster-...`), which IAM database authentication names in `rds-db:connect`. */
  readonly resourceId: string;
  /** Its writer endpoint host name. */
  readonly endpoint: string;
}

/** The props with every default applied: the private helpers read these. */
type ResolvedProps = Required<Omit<SecureDatabaseProps, 'restoredCluster' | 'restoreFromSnapshotArn'>> &
  Pick<SecureDatabaseProps, 'restoredCluster' | 'restoreFromSnapshotArn'>;

function withDefaults(p: SecureDatabaseProps): ResolvedProps {
  return {
    vpc: p.vpc,
    clusterIdentifier: p.clusterIdentifier,
    engineVersion: p.engineVersion ?? DEFAULT_ENGINE_VERSION,
    minCapacity: p.minCapacity ?? DEFAULT_MIN_CAPACITY,
    maxCapacity: p.maxCapacity ?? DEFAULT_MAX_CAPACITY,
    databaseName: p.databaseName ?? DEFAULT_DATABASE_NAME,
    masterUsername: p.masterUsername ?? DEFAULT_MASTER_USERNAME,
    keepDeployedMasterUsername: p.keepDeployedMasterUsername ?? DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME,
    appUser: p.appUser ?? DEFAULT_APP_USER,
    backupWindow: p.backupWindow ?? DEFAULT_BACKUP_WINDOW,
    maintenanceWindow: p.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
    logRetentionDays: p.logRetentionDays ?? DEFAULT_DB_LOG_RETENTION_DAYS,
    rotationDays: p.rotationDays ?? DEFAULT_ROTATION_DAYS,
    auditClasses: p.auditClasses ?? DEFAULT_AUDIT_CLASSES,
    automatedBackupDays: p.automatedBackupDays ?? DEFAULT_AUTOMATED_BACKUP_DAYS,
    // RDS stores identifiers in lowercase: its ARNs and log group names carry that form.
    restoredCluster: p.restoredCluster && {
      ...p.restoredCluster,
      identifier: p.restoredCluster.identifier.toLowerCase(),
    },
    restoreFromSnapshotArn: p.restoreFromSnapshotArn,
  };
}

/**
 * An Aurora PostgreSQL Serverless v2 cluster that keeps DB-1..DB-6, ORG-4 and
 * ORG-5: isolated, firewalled to named security groups, IAM-authenticated over
 * TLS only, encrypted under customer keys, audited with pgaudit into an encrypted
 * log group, kept on deletion, its master credential rotated by RDS.
 */
export class SecureDatabase extends Construct {
  /** The stack's own cluster. */
  readonly cluster: rds.DatabaseCluster;
  /**
   * The cluster the application uses: {@link cluster}, or after a switch-over (OPS-2) the restored cluster, imported
   * from its given attributes (no lookup).
   */
  readonly activeCluster: rds.IDatabaseCluster;
  /** The restored cluster the application was switched over to (OPS-2), if any. */
  readonly restoredCluster?: RestoredCluster;
  /** Name of the cluster's DB subnet group (isolated subnets): a restore outside the stack reuses it (OPS-2). */
  readonly subnetGroupName: string;
  /** Name of the cluster parameter group (TLS only, pgaudit): a restore outside the stack reuses it (OPS-2). */
  readonly parameterGroupName: string;
  /** The cluster's own security group: ingress only from {@link allowFrom} peers, on POSTGRES_PORT; no egress. */
  readonly securityGroup: ec2.SecurityGroup;
  /**
   * Security group of the application tasks; the database admits it. No egress except to the database: the app tier
   * adds what it needs.
   */
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
  /**
   * After a switch-over (OPS-2), the PostgreSQL log group of the restored cluster, declared like {@link logGroup} so
   * that its export (turned on once the group exists) lands under the log key with the same retention.
   */
  readonly restoredLogGroup?: logs.LogGroup;
  /** ARN of the RDS-managed master secret. */
  readonly masterSecretArn: string;
  /** The rotation schedule of the master secret (ORG-4: every 60 days at most). */
  readonly rotation: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: SecureDatabaseProps) {
    super(scope, id);
    const p = withDefaults(props);
    const clusterId = p.clusterIdentifier;
    this.refuseDefaultMasterUsername(p);

    // DB-4: one customer key per purpose, yearly rotation, never deleted with the stack.
    this.storageKey = this.key('StorageKey', `Aurora storage, snapshots and Performance Insights of ${clusterId}`).key;
    this.secretKey = this.key('SecretKey', `Master secret of ${clusterId}`).key;
    const logKey = this.key('LogKey', `PostgreSQL and audit logs of ${clusterId}`);
    this.logKey = logKey.key;
    this.logGroup = this.postgresLogGroup(logKey, p);
    if (p.restoredCluster) this.restoredLogGroup = this.restoredPostgresLogGroup(logKey, p, p.restoredCluster);

    // DB-1: the cluster's own group; CDK's default would allow all egress, the database needs none.
    this.securityGroup = new ec2.SecurityGroup(
      this,
      'SecurityGroup',
      closedSecurityGroupProps(
        p.vpc,
        `Aurora ${clusterId}: PostgreSQL from the app tier and the operator access host only`,
      ),
    );
    this.appSecurityGroup = new ec2.SecurityGroup(
      this,
      'AppSecurityGroup',
      closedSecurityGroupProps(p.vpc, 'Application tasks: the database admits this group'),
    );

    this.cluster = this.createCluster(p);
    const cfnCluster = this.cluster.node.defaultChild as rds.CfnDBCluster;
    this.subnetGroupName = cfnCluster.dbSubnetGroupName as string;
    this.parameterGroupName = cfnCluster.dbClusterParameterGroupName as string;
    this.restoredCluster = p.restoredCluster;
    this.activeCluster = p.restoredCluster ? this.importRestoredCluster(p.restoredCluster) : this.cluster;
    this.masterSecretArn = cfnCluster.attrMasterUserSecretSecretArn;
    this.rotation = this.rotateMasterSecret(p.rotationDays);
    this.appRole = this.createAppRole(p);
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

  /**
   * ARN of one database user of the active cluster (the stack's own, or the restored one after a switch-over), as IAM
   * authentication names it: `arn:aws:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/USER`.
   */
  dbUserArn(dbUser: string): string {
    return Stack.of(this).formatArn({
      service: 'rds-db',
      resource: 'dbuser',
      resourceName: `${this.activeCluster.clusterResourceIdentifier}/${dbUser}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * DB-1: admits `peer` on the database port only. The peer's egress to the
   * database is added too when the peer restricts its outbound traffic.
   */
  allowFrom(peer: ec2.SecurityGroup, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(POSTGRES_PORT), description);
  }

  /**
   * OPS-2 switch-over: the restored cluster, imported from the attributes the config gives (a restore by AWS Backup
   * keeps the snapshot's port, and the runbook gives it this cluster's security group).
   */
  private importRestoredCluster(restored: RestoredCluster): rds.IDatabaseCluster {
    return rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'RestoredCluster', {
      clusterIdentifier: restored.identifier,
      clusterResourceIdentifier: restored.resourceId,
      clusterEndpointAddress: restored.endpoint,
      port: POSTGRES_PORT,
      securityGroups: [this.securityGroup],
    });
  }

  /** ORG-7 (CT.RDS.PR.21): a default master user name only for a cluster that already exists with it. */
  private refuseDefaultMasterUsername(p: ResolvedProps): void {
    if (!DEFAULT_LIKE_MASTER_USERNAMES.includes(p.masterUsername) || p.keepDeployedMasterUsername) return;
    invalidProps(
      this,
      `masterUsername "${p.masterUsername}" is a default administrator name (ORG-7, Control Tower CT.RDS.PR.21): ` +
        `choose another, e.g. "${DEFAULT_MASTER_USERNAME}", or set keepDeployedMasterUsername for a cluster that ` +
        'already exists with it',
    );
  }

  private key(id: string, description: string): SecureKey {
    return new SecureKey(this, id, { description });
  }

  /**
   * DB-5: the group RDS exports to, declared here so it carries a customer key and a retention
   * (CDK's cloudwatchLogsRetention would create it unencrypted).
   */
  private postgresLogGroup(logKey: SecureKey, p: ResolvedProps): logs.LogGroup {
    const logGroupName = postgresLogGroupName(p.clusterIdentifier);
    // PROOF-4: CloudWatch Logs may use the key for this one group only.
    logKey.allowCloudWatchLogs(logGroupName, 'AllowCloudWatchLogsForPostgresLogGroup');
    return new logs.LogGroup(
      this,
      'PostgresLogGroup',
      encryptedLogGroupProps(logKey.key, p.logRetentionDays, logGroupName),
    );
  }

  /**
   * DB-4 DB-5 OPS-2: the group RDS exports the restored cluster's log to, declared for the same reason as the stack
   * cluster's: RDS would otherwise create it unencrypted and kept forever. The restore therefore starts without the
   * log export and turns it on after this deploy (docs/database.md).
   */
  private restoredPostgresLogGroup(logKey: SecureKey, p: ResolvedProps, restored: RestoredCluster): logs.LogGroup {
    const logGroupName = postgresLogGroupName(restored.identifier);
    logKey.allowCloudWatchLogs(logGroupName, 'AllowCloudWatchLogsForRestoredPostgresLogGroup');
    return new logs.LogGroup(
      this,
      'RestoredPostgresLogGroup',
      encryptedLogGroupProps(logKey.key, p.logRetentionDays, logGroupName),
    );
  }

  /** The cluster: placement and access here, its protection in {@link protectionProps}. */
  private createCluster(p: ResolvedProps): rds.DatabaseCluster {
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(p.engineVersion, p.engineVersion.split('.')[0]),
    });
    const parameterGroup = this.clusterParameters(engine, p);
    const [writerZone, readerZone] = this.twoIsolatedZones(p);
    const cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: p.clusterIdentifier,
      // DB-6: a writer and a reader pinned to two different zones, so losing one zone leaves a
      // copy to fail over to; the reader scales with the writer so the failover lands on enough capacity.
      writer: this.instance('Writer', p, { availabilityZone: writerZone }),
      readers: [this.instance('Reader', p, { availabilityZone: readerZone, scaleWithWriter: true })],
      serverlessV2MinCapacity: p.minCapacity,
      serverlessV2MaxCapacity: p.maxCapacity,
      // DB-1: isolated subnets (no route out), never public, own security group.
      vpc: p.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      // A literal, not the cluster's `Endpoint.Port` attribute, so security group rules and nag rules see a number.
      port: POSTGRES_PORT,
      // DB-2: IAM authentication; the master password is generated and kept by RDS in
      // Secrets Manager under a customer key: it never appears in code or template.
      iamAuthentication: true,
      manageMasterUserPassword: true,
      // ORG-7 (CT.RDS.PR.21): not a default name.
      credentials: rds.Credentials.fromUsername(p.masterUsername, { encryptionKey: this.secretKey }),
      parameterGroup,
      defaultDatabaseName: p.databaseName,
      ...this.protectionProps(p),
    });
    this.acknowledgeMonitoringRole(cluster);
    if (p.restoreFromSnapshotArn) this.restoreFromSnapshot(cluster, p.restoreFromSnapshotArn);
    // RDS creates `/aws/rds/cluster/<id>/postgresql` itself, unencrypted, if it exports
    // first: the cluster must wait for the declared group.
    cluster.node.addDependency(this.logGroup);
    return cluster;
  }

  /**
   * OPS-2 disaster path: the same cluster (identifier, keys, parameter group, IAM authentication, log export,
   * deletion protection, retention), built from a snapshot with RestoreDBClusterFromSnapshot. The snapshot brings the
   * master user and the databases: `MasterUsername` goes (the AWS::RDS::DBCluster reference: "If you specify the
   * SnapshotIdentifier property ... don't specify MasterUsername"), so does `DatabaseName`. `KmsKeyId` stays: "if the
   * DB cluster is encrypted, the specified KmsKeyId property is used", so the restored cluster is re-encrypted under
   * this stage's storage key, not the snapshot's. `StorageEncrypted` stays true with it, as CDK's
   * DatabaseClusterFromSnapshot renders it (allowed with SnapshotIdentifier and KmsKeyId: awsdocs/aws-cloudformation-
   * user-guide#275, confirmed by the RDS team). `ManageMasterUserPassword` stays: RDS generates a new managed secret
   * for the restored cluster, under the secret key (MasterUserSecret reference: "When you restore a DB cluster from a
   * snapshot, Amazon RDS generates a new secret"). The CloudFormation execution role must be able to use the
   * snapshot's key: docs/database.md#disaster-path-the-platform-rebuilt-in-the-backup-region.
   */
  private restoreFromSnapshot(cluster: rds.DatabaseCluster, snapshotArn: string): void {
    const cfn = cluster.node.defaultChild as rds.CfnDBCluster;
    cfn.snapshotIdentifier = snapshotArn;
    cfn.masterUsername = undefined;
    cfn.databaseName = undefined;
  }

  /** Encryption, log export, retention and windows: the invariants no prop can weaken. */
  private protectionProps(p: ResolvedProps): Partial<rds.DatabaseClusterProps> {
    return {
      // DB-4
      storageEncrypted: true,
      storageEncryptionKey: this.storageKey,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.storageKey,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      // DB-5: exported into the group declared in postgresLogGroup (no cloudwatchLogsRetention: see there).
      cloudwatchLogsExports: ['postgresql'],
      // DB-6
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      // ORG-5 windows; the backup plan schedules its snapshots around them.
      backup: { retention: Duration.days(p.automatedBackupDays), preferredWindow: p.backupWindow },
      preferredMaintenanceWindow: p.maintenanceWindow,
      monitoringInterval: Duration.seconds(60),
    };
  }

  /** DB-2 TLS on every connection; DB-5 pgaudit loaded and logging. */
  private clusterParameters(engine: rds.IClusterEngine, p: ResolvedProps): rds.ParameterGroup {
    return new rds.ParameterGroup(this, 'ClusterParameters', {
      engine,
      description: `TLS only and pgaudit for ${p.clusterIdentifier}`,
      parameters: {
        'rds.force_ssl': '1',
        shared_preload_libraries: 'pg_stat_statements,pgaudit',
        'pgaudit.log': p.auditClasses,
        'pgaudit.log_catalog': '0',
        // Bound parameters can carry personal data; statements are logged without them.
        'pgaudit.log_parameter': '0',
        // DB-5 object audit: statements on the tables this role holds a privilege on are logged whatever the
        // classes above; the operator runbook grants it SELECT on `database.auditedTables` to audit their reads.
        'pgaudit.role': 'rds_pgaudit',
        log_connections: '1',
        log_disconnections: '1',
      },
    });
  }

  /** DB-6: the zones of the writer and the reader; refuses a VPC whose isolated subnets span one zone. */
  private twoIsolatedZones(p: ResolvedProps): [string, string] {
    const zones = p.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).availabilityZones;
    if (new Set(zones).size < 2) {
      invalidProps(
        this,
        `the isolated subnets of the VPC span ${zones.length} zone(s); the writer and the reader of ` +
          `${p.clusterIdentifier} need two (DB-6)`,
      );
    }
    return [zones[0], zones[1]];
  }

  /** ORG-5: minor versions applied automatically in the maintenance window. */
  private instance(
    name: string,
    p: ResolvedProps,
    placement: Partial<rds.ServerlessV2ClusterInstanceProps>,
  ): rds.IClusterInstance {
    return rds.ClusterInstance.serverlessV2(name, {
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
      preferredMaintenanceWindow: p.maintenanceWindow,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.storageKey,
      ...placement,
    });
  }

  /**
   * ORG-4: RDS-managed rotation rather than addRotationSingleUser. The managed secret is
   * rotated by RDS itself, outside the VPC, so the isolated subnets need no route or
   * endpoint to Secrets Manager; there is no rotation Lambda to patch, no Serverless
   * Application Repository app and no CAPABILITY_AUTO_EXPAND transform. RDS's default
   * schedule is 7 days: this schedule (no Lambda: RDS rotates) sets the configured period.
   */
  private rotateMasterSecret(rotationDays: number): secretsmanager.CfnRotationSchedule {
    return new secretsmanager.CfnRotationSchedule(this, 'MasterSecretRotation', {
      secretId: this.masterSecretArn,
      rotationRules: { scheduleExpression: `rate(${rotationDays} days)` },
      rotateImmediatelyOnUpdate: false,
    });
  }

  /**
   * DB-3: the application may connect as its own database user on this cluster, nothing else.
   * A managed policy rather than grantConnect's inline default policy (IAMNoInlinePolicy).
   */
  private createAppRole(p: ResolvedProps): iam.Role {
    const role = new iam.Role(this, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Application tasks: rds-db:connect as ${p.appUser} on ${p.clusterIdentifier} only`,
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'AppConnectPolicy', {
        description: `rds-db:connect as ${p.appUser} only`,
        statements: [this.connectStatement(p.appUser)],
      }),
    );
    return role;
  }

  /** Enhanced monitoring (NIST RDSEnhancedMonitoringEnabled) writes OS metrics through this role. */
  private acknowledgeMonitoringRole(cluster: rds.DatabaseCluster): void {
    const monitoringRole = cluster.node.tryFindChild('MonitoringRole');
    if (!monitoringRole) return;
    // ORG-7: the RDS guide to enhanced monitoring scopes this trust with aws:SourceAccount (confused deputy).
    (monitoringRole.node.defaultChild as iam.CfnRole).addPropertyOverride(
      'AssumeRolePolicyDocument.Statement.0.Condition',
      {
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    );
    acknowledge(
      monitoringRole,
      'AWS-maintained service-role policy for RDS enhanced monitoring, confined to the RDSOSMetrics log group; ' +
        'the role can be assumed only by monitoring.rds.amazonaws.com.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    );
  }

  private acknowledgeInstanceRules(): void {
    for (const child of this.cluster.node.children) {
      if (!(child.node.defaultChild instanceof rds.CfnDBInstance) && !(child instanceof rds.CfnDBInstance)) continue;
      acknowledge(
        child,
        'Aurora is backed up at cluster level: the AWS Backup plan (Backup stack) selects this cluster by its ' +
          'ARN; the rule matches DB instance ARNs only, and Aurora instances cannot be backed up individually.',
        { compliance: 'RDSInBackupPlan' },
      );
    }
  }
}

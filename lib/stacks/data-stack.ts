import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';
import { OperatorAccess } from '../constructs/database/operator-access';
import { SecureDatabase } from '../constructs/database/secure-database';
import { clusterIdentifier } from '../core/naming';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The parts of the validated stage this stack reads. */
  readonly config: Pick<StageConfig, 'name' | 'database' | 'operatorCidrs'>;
  /** VPC whose isolated subnets hold the cluster. */
  readonly vpc: ec2.IVpc;
}

/** Primary region, stateful: the Aurora cluster and everything that guards it (DB-1..DB-6, ORG-4, ORG-5). */
export class DataStack extends Stack {
  /** The stack's own Aurora PostgreSQL cluster (declared and retained whatever the config says). */
  readonly cluster: rds.DatabaseCluster;
  /**
   * The cluster the application uses: {@link cluster}, or after a switch-over the restored cluster that
   * `database.restoredCluster` names (OPS-2).
   */
  readonly activeCluster: rds.IDatabaseCluster;
  /**
   * Security group the application tier must use to reach the database (no egress but to the database: add what the app
   * needs).
   */
  readonly appSecurityGroup: ec2.SecurityGroup;
  /** Role of the application tasks: may connect as the application DB user only. */
  readonly appRole: iam.Role;
  /** Read-only access: MFA, operator addresses, connect as the read-only DB user only. */
  readonly readOnlyRole: iam.Role;
  /** Operator access: MFA, operator addresses, SSM port forwarding and the master secret. */
  readonly operatorRole: iam.Role;
  /** The cluster's own security group. */
  readonly dbSecurityGroup: ec2.SecurityGroup;
  /** Key of the cluster's storage, and so of its snapshots and recovery points. */
  readonly storageKey: kms.IKey;
  /** Key of the master secret: a restore outside the stack has RDS encrypt its new managed secret with it (OPS-2). */
  readonly secretKey: kms.IKey;
  /** DB subnet group of the cluster (isolated subnets): a restore outside the stack reuses it (OPS-2). */
  readonly subnetGroupName: string;
  /** Cluster parameter group (TLS only, pgaudit): a restore outside the stack reuses it (OPS-2). */
  readonly parameterGroupName: string;
  /** The database construct (keys, log group, rotation). */
  readonly database: SecureDatabase;
  /** The operator path (host, prefix lists, human roles). */
  readonly operatorAccess: OperatorAccess;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { name, database, operatorCidrs } = props.config;
    // The database section is named as SecureDatabase's props; its read-only user belongs to the operator path.
    const { readOnlyUser, ...cluster } = database;
    this.database = new SecureDatabase(this, 'Database', {
      ...cluster,
      vpc: props.vpc,
      clusterIdentifier: clusterIdentifier(name),
    });
    this.operatorAccess = new OperatorAccess(this, 'OperatorAccess', {
      vpc: props.vpc,
      database: this.database,
      operatorCidrs,
      readOnlyUser,
    });
    this.cluster = this.database.cluster;
    this.activeCluster = this.database.activeCluster;
    this.secretKey = this.database.secretKey;
    this.subnetGroupName = this.database.subnetGroupName;
    this.parameterGroupName = this.database.parameterGroupName;
    this.appSecurityGroup = this.database.appSecurityGroup;
    this.appRole = this.database.appRole;
    this.dbSecurityGroup = this.database.securityGroup;
    this.storageKey = this.database.storageKey;
    this.operatorRole = this.operatorAccess.operatorRole;
    this.readOnlyRole = this.operatorAccess.readOnlyRole;

    // What the operator runbook (docs/runbooks/operator-access.md) reads; identifiers, no secrets.
    new CfnOutput(this, 'OperatorRoleArn', { value: this.operatorRole.roleArn });
    new CfnOutput(this, 'ReadOnlyRoleArn', { value: this.readOnlyRole.roleArn });
    new CfnOutput(this, 'AccessHostId', { value: this.operatorAccess.host.instanceId });
    // The endpoint operators tunnel to: the restored cluster's after a switch-over (OPS-2).
    new CfnOutput(this, 'ClusterEndpoint', { value: this.activeCluster.clusterEndpoint.hostname });
    new CfnOutput(this, 'MasterSecretArn', { value: this.database.masterSecretArn });
  }
}

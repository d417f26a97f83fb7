import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
  /** VPC whose isolated subnets hold the cluster. */
  readonly vpc: ec2.IVpc;
  /** The team's alert topic in the primary region. */
  readonly alertTopic: sns.ITopic;
}

/** Primary region, stateful: the Aurora cluster and everything that guards it (DB-1..DB-6, ORG-4, ORG-5). */
export class DataStack extends Stack {
  /** The Aurora PostgreSQL cluster. */
  readonly cluster: rds.DatabaseCluster;
  /** Security group the application tier must use to reach the database. */
  readonly appSecurityGroup: ec2.SecurityGroup;
  /** Role of the application tasks: may connect as the application DB user only. */
  readonly appRole: iam.Role;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const db = props.config.database;
    this.appSecurityGroup = new ec2.SecurityGroup(this, 'AppSecurityGroup', { vpc: props.vpc, allowAllOutbound: false, description: 'Application tasks' });
    const dbSg = new ec2.SecurityGroup(this, 'DbSecurityGroup', { vpc: props.vpc, allowAllOutbound: false, description: 'Aurora cluster' });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(db.engineVersion, db.engineVersion.split('.')[0]) }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      serverlessV2MinCapacity: db.minCapacity,
      serverlessV2MaxCapacity: db.maxCapacity,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSg],
      iamAuthentication: true,
      storageEncrypted: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      defaultDatabaseName: db.databaseName,
    });
    this.cluster.connections.allowDefaultPortFrom(this.appSecurityGroup, 'application tasks');
    this.appRole = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    this.cluster.grantConnect(this.appRole, db.appUser);
  }
}

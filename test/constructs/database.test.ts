// Construct tests of lib/constructs/database/, one describe per construct, each test on a fresh stack.
// One file per concern: jest loads aws-cdk-lib once per test file, about half a second of every file.

import { ValidationError } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { OperatorAccess, type OperatorAccessProps } from '../../lib/constructs/database/operator-access';
import { SecureDatabase, type SecureDatabaseProps } from '../../lib/constructs/database/secure-database';
import { vpcFixture } from './database/fixture';

describe('OperatorAccess', () => {
  /** GIVEN a database in a fresh VPC, WHEN an OperatorAccess is added for it with `props`. */
  function operatorAccess(props: Partial<OperatorAccessProps> = {}) {
    const { stack, vpc } = vpcFixture();
    const database = new SecureDatabase(stack, 'Db', { vpc, clusterIdentifier: 'fixture-aurora' });
    new OperatorAccess(stack, 'Ops', { vpc, database, operatorCidrs: ['203.0.113.0/28'], ...props });
    return Template.fromStack(stack);
  }

  /** The trust statements of the human roles (assumed from the account root). */
  const humanTrusts = (t: Template) =>
    Object.values(t.findResources('AWS::IAM::Role'))
      .map((r) => r.Properties.AssumeRolePolicyDocument.Statement[0])
      .filter((s) => s.Principal.AWS);

  describe('DB-1 OperatorAccess', () => {
    test('an IPv6-only operator list makes one IPv6 prefix list and the same CIDR in the conditions', () => {
      const t = operatorAccess({ operatorCidrs: ['2001:db8::/32'] });
      t.resourceCountIs('AWS::EC2::PrefixList', 1);
      t.hasResourceProperties('AWS::EC2::PrefixList', {
        AddressFamily: 'IPv6',
        Entries: [{ Cidr: '2001:db8::/32', Description: 'operator address (config operatorCidrs)' }],
      });
      const trusts = humanTrusts(t);
      expect(trusts).toHaveLength(2);
      for (const s of trusts) expect(s.Condition.IpAddress).toEqual({ 'aws:SourceIp': ['2001:db8::/32'] });
    });

    test('both families: one prefix list each, named after the stack, sized to its entries', () => {
      const t = operatorAccess({ operatorCidrs: ['203.0.113.0/28', '198.51.100.0/24', '2001:db8::/32'] });
      t.resourceCountIs('AWS::EC2::PrefixList', 2);
      t.hasResourceProperties('AWS::EC2::PrefixList', {
        PrefixListName: 'Test-operators-ipv4',
        AddressFamily: 'IPv4',
        MaxEntries: 2,
      });
      t.hasResourceProperties('AWS::EC2::PrefixList', {
        PrefixListName: 'Test-operators-ipv6',
        AddressFamily: 'IPv6',
        MaxEntries: 1,
      });
      for (const s of humanTrusts(t)) {
        expect(s.Condition.IpAddress).toEqual({
          'aws:SourceIp': ['203.0.113.0/28', '198.51.100.0/24', '2001:db8::/32'],
        });
      }
    });
  });

  describe('DB-3 ORG-5 OperatorAccess defaults and props', () => {
    test('defaults: a t4g.nano host patched daily at 04:00 UTC, read-only role connecting as readonly_user', () => {
      const t = operatorAccess();
      t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano' });
      t.hasResourceProperties('AWS::SSM::Association', {
        Name: 'AWS-RunPatchBaseline',
        ScheduleExpression: 'cron(0 4 ? * * *)',
        ComplianceSeverity: 'HIGH',
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        Description: Match.stringLikeRegexp('rds-db:connect as readonly_user only$'),
      });
    });

    test('host instance type, patch schedule and read-only user follow the props', () => {
      const t = operatorAccess({
        hostInstanceType: 't4g.micro',
        patchSchedule: 'cron(30 2 ? * SUN *)',
        readOnlyUser: 'analyst',
      });
      t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.micro' });
      t.hasResourceProperties('AWS::SSM::Association', { ScheduleExpression: 'cron(30 2 ? * SUN *)' });
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'rds-db:connect',
              Resource: { 'Fn::Join': ['', Match.arrayWith(['/analyst'])] },
            }),
          ]),
        },
      });
    });

    test('DB-1 the database admits the host group on the PostgreSQL port', () => {
      const t = operatorAccess();
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        Description: 'operator access host (SSM port forwarding)',
        FromPort: 5432,
        ToPort: 5432,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsHostSecurityGroup'), 'GroupId'] },
      });
    });
  });
});

describe('SecureDatabase', () => {
  /** GIVEN a VPC over `zones`, WHEN a SecureDatabase is added with `props` (a cluster identifier and nothing else by default). */
  function database(props: Partial<SecureDatabaseProps> = {}, zones?: readonly string[]) {
    const { stack, vpc } = vpcFixture(zones);
    const db = new SecureDatabase(stack, 'Db', { vpc, clusterIdentifier: 'fixture-aurora', ...props });
    return { stack, vpc, db, t: () => Template.fromStack(stack) };
  }

  describe('DB-6 SecureDatabase', () => {
    test("refuses a VPC whose isolated subnets span one zone: the reader would share the writer's zone", () => {
      expect(() => database({}, ['eu-west-3a'])).toThrow(/need two \(DB-6\)/);
    });

    test('the refusal is a ValidationError naming the construct path', () => {
      expect(() => database({}, ['eu-west-3a'])).toThrow(ValidationError);
      expect(() => database({}, ['eu-west-3a'])).toThrow(/^Test\/Db: the isolated subnets of the VPC span 1 zone/);
    });

    test('defaults: pgaudit classes and 7 days of automated backups', () => {
      const t = database().t();
      t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'pgaudit.log': 'ddl,role,write' } });
      t.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 7 });
    });

    test('ORG-4 ORG-5 DB-5 defaults are those of the config schema (lib/defaults/database.ts)', () => {
      const t = database().t();
      t.hasResourceProperties('AWS::RDS::DBCluster', {
        EngineVersion: '16.6',
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
        DatabaseName: 'booking',
        PreferredBackupWindow: '01:00-01:30',
        PreferredMaintenanceWindow: 'sun:02:00-sun:03:00',
      });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
      t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: 'rate(60 days)' },
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        Description: Match.stringLikeRegexp('as app_user on fixture-aurora'),
      });
    });

    test('ORG-4 the rotation period follows the prop', () => {
      database({ rotationDays: 30 })
        .t()
        .hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
          RotationRules: { ScheduleExpression: 'rate(30 days)' },
        });
    });

    test('DB-5 ORG-5 every prop reaches the template', () => {
      const t = database({
        engineVersion: '17.4',
        minCapacity: 1,
        maxCapacity: 8,
        databaseName: 'shop',
        appUser: 'shop_app',
        backupWindow: '03:00-03:30',
        maintenanceWindow: 'mon:04:00-mon:05:00',
        logRetentionDays: 731,
        auditClasses: 'ddl,read',
        automatedBackupDays: 14,
      }).t();
      t.hasResourceProperties('AWS::RDS::DBCluster', {
        EngineVersion: '17.4',
        ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 8 },
        DatabaseName: 'shop',
        PreferredBackupWindow: '03:00-03:30',
        PreferredMaintenanceWindow: 'mon:04:00-mon:05:00',
        BackupRetentionPeriod: 14,
      });
      t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
        Family: 'aurora-postgresql17',
        Parameters: Match.objectLike({ 'pgaudit.log': 'ddl,read' }),
      });
      t.hasResourceProperties('AWS::RDS::DBInstance', { PreferredMaintenanceWindow: 'mon:04:00-mon:05:00' });
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/rds/cluster/fixture-aurora/postgresql',
        RetentionInDays: 731,
      });
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Action: 'rds-db:connect',
              Resource: { 'Fn::Join': ['', Match.arrayWith(['/shop_app'])] },
            }),
          ],
        },
      });
    });

    test('DB-6 the writer and the reader sit in the first two zones of the isolated subnets', () => {
      const t = database({}, ['eu-west-3a', 'eu-west-3b', 'eu-west-3c']).t();
      const zones = Object.values(t.findResources('AWS::RDS::DBInstance')).map((i) => i.Properties.AvailabilityZone);
      expect(zones.sort()).toEqual(['eu-west-3a', 'eu-west-3b']);
    });
  });

  // Control Tower CT.RDS.PR.21 fails a cluster whose MasterUsername is "admin" or "postgres" (its cfn-guard rule).
  describe('ORG-7 PROOF-6 CT.RDS.PR.21 SecureDatabase master user', () => {
    /** The MasterUsername of the one cluster. */
    const masterUsername = (t: Template) => {
      const [cluster] = Object.values(t.findResources('AWS::RDS::DBCluster'));
      return cluster.Properties.MasterUsername;
    };

    test('by default not a default name: DEFAULT_MASTER_USERNAME, "bookingadmin"', () => {
      const name = masterUsername(database().t());
      expect(name).toBe('bookingadmin');
      expect(['admin', 'postgres']).not.toContain(name);
    });

    test('the configured name reaches the cluster, its password still generated and kept by RDS', () => {
      const t = database({ masterUsername: 'shopowner' }).t();
      t.hasResourceProperties('AWS::RDS::DBCluster', {
        MasterUsername: 'shopowner',
        ManageMasterUserPassword: true,
        MasterUserPassword: Match.absent(),
      });
    });

    test('a default name is refused, unless the cluster already exists with it (keepDeployedMasterUsername)', () => {
      expect(() => database({ masterUsername: 'postgres' })).toThrow(
        /^Test\/Db: masterUsername "postgres" is a default administrator name .*CT\.RDS\.PR\.21/,
      );
      expect(() => database({ masterUsername: 'admin' })).toThrow(/keepDeployedMasterUsername/);
      expect(masterUsername(database({ masterUsername: 'postgres', keepDeployedMasterUsername: true }).t())).toBe(
        'postgres',
      );
    });
  });

  describe('DB-1 DB-3 SecureDatabase access', () => {
    test('allowFrom admits a peer on the PostgreSQL port only, and adds the closed peer its egress to the database', () => {
      const { stack, vpc, db, t } = database();
      const peer = new ec2.SecurityGroup(stack, 'Peer', { vpc, allowAllOutbound: false });
      db.allowFrom(peer, 'a peer');
      const template = t();
      const peerId = stack.getLogicalId(peer.node.defaultChild as ec2.CfnSecurityGroup);
      const dbSgId = stack.getLogicalId(db.securityGroup.node.defaultChild as ec2.CfnSecurityGroup);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [dbSgId, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [peerId, 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        Description: 'a peer',
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': [peerId, 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [dbSgId, 'GroupId'] },
        FromPort: 5432,
        ToPort: 5432,
      });
    });

    test('connectStatement allows rds-db:connect as exactly one user of this cluster', () => {
      const { stack, db } = database();
      const statement = stack.resolve(db.connectStatement('reporting').toStatementJson());
      expect(statement).toEqual({
        Action: 'rds-db:connect',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:aws:rds-db:eu-west-3:111122223333:dbuser:',
              { 'Fn::GetAtt': [expect.stringMatching(/^DbCluster/), 'DBClusterResourceId'] },
              '/reporting',
            ],
          ],
        },
      });
    });

    test('PROOF-4 the log key admits CloudWatch Logs for the PostgreSQL log group of this cluster only', () => {
      database()
        .t()
        .hasResourceProperties('AWS::KMS::Key', {
          Description: 'PostgreSQL and audit logs of fixture-aurora',
          KeyPolicy: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: 'AllowCloudWatchLogsForPostgresLogGroup',
                Condition: {
                  ArnEquals: {
                    'kms:EncryptionContext:aws:logs:arn':
                      'arn:aws:logs:eu-west-3:111122223333:log-group:/aws/rds/cluster/fixture-aurora/postgresql',
                  },
                },
              }),
            ]),
          },
        });
    });
  });

  describe('OPS-2 SecureDatabase after a restore', () => {
    const RESTORED = {
      identifier: 'fixture-aurora-restored',
      resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0',
      endpoint: 'fixture-aurora-restored.cluster-c1a2b3c4d5e6.eu-west-3.rds.amazonaws.com',
    };
    const SNAPSHOT = 'arn:aws:rds:eu-west-3:111122223333:cluster-snapshot:awsbackup:job-0a1b2c3d';
    const clusterProps = (t: Template) => Object.values(t.findResources('AWS::RDS::DBCluster'))[0].Properties;

    test('by default the active cluster is the own one, built empty with its master user and database', () => {
      const { db, t } = database();
      expect(db.activeCluster).toBe(db.cluster);
      const props = clusterProps(t());
      expect(props.SnapshotIdentifier).toBeUndefined();
      expect(props).toMatchObject({ MasterUsername: 'bookingadmin', DatabaseName: 'booking' });
    });

    test('DB-3 with restoredCluster, connectStatement names the restored resource ID; the own cluster stays', () => {
      const { stack, db, t } = database({ restoredCluster: RESTORED });
      expect(stack.resolve(db.connectStatement('reporting').toStatementJson()).Resource).toBe(
        `arn:aws:rds-db:eu-west-3:111122223333:dbuser:${RESTORED.resourceId}/reporting`,
      );
      expect(db.activeCluster.clusterEndpoint.hostname).toBe(RESTORED.endpoint);
      expect(db.activeCluster.clusterIdentifier).toBe(RESTORED.identifier);
      expect(clusterProps(t())).toEqual(clusterProps(database().t()));
    });

    test('DB-4 with restoreFromSnapshotArn, the cluster is restored from it under the storage key', () => {
      const { stack, db, t } = database({ restoreFromSnapshotArn: SNAPSHOT });
      const props = clusterProps(t());
      expect(props.SnapshotIdentifier).toBe(SNAPSHOT);
      expect(props.KmsKeyId).toEqual(stack.resolve(db.storageKey.keyArn));
      expect(props).toMatchObject({ StorageEncrypted: true, ManageMasterUserPassword: true, DeletionProtection: true });
      expect(props.MasterUserSecret).toEqual({ KmsKeyId: stack.resolve(db.secretKey.keyArn) });
      expect(props.MasterUsername).toBeUndefined();
      expect(props.DatabaseName).toBeUndefined();
    });

    test('the subnet group and parameter group names a restore outside the stack reuses are the cluster own', () => {
      const { stack, db, t } = database();
      const props = clusterProps(t());
      expect(stack.resolve(db.subnetGroupName)).toEqual(props.DBSubnetGroupName);
      expect(stack.resolve(db.parameterGroupName)).toEqual(props.DBClusterParameterGroupName);
    });
  });
});

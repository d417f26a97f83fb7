import { Match } from 'aws-cdk-lib/assertions';
import {
  INTERNAL,
  logicalIds,
  normalizedTemplate,
  openNagFindings,
  PUBLIC,
  stackOf,
  templateOf,
} from './example-stage';

// The Data stack of the example stages, as `cdk synth` builds it (cached assembly): the claims hold on
// what deploys. Construct behaviour beyond the example config is in test/constructs/database/.
const t = templateOf('Data');
const internal = templateOf('Data', INTERNAL);
const OPERATOR_CIDRS = ['203.0.113.0/28', '2001:db8:1234::/48'];

const resources = (type: string) => Object.values(t.findResources(type));
const onlyOne = (type: string, props: Record<string, unknown> = {}) => {
  const found = Object.entries(t.findResources(type, { Properties: props }));
  expect(found).toHaveLength(1);
  return found[0];
};
const dbSgId = onlyOne('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^Aurora ') })[0];
const appSgId = onlyOne('AWS::EC2::SecurityGroup', {
  GroupDescription: Match.stringLikeRegexp('^Application tasks'),
})[0];
const hostSgId = onlyOne('AWS::EC2::SecurityGroup', {
  GroupDescription: Match.stringLikeRegexp('^Operator access host'),
})[0];
const policyOf = (roleDescription: RegExp) => {
  const [, role] = onlyOne('AWS::IAM::Role', { Description: Match.stringLikeRegexp(roleDescription.source) });
  const refs = role.Properties.ManagedPolicyArns.map((a: { Ref: string }) => a.Ref);
  expect(refs).toHaveLength(1);
  return {
    role,
    statements: t.toJSON().Resources[refs[0]].Properties.PolicyDocument.Statement as Array<Record<string, any>>,
  };
};
/** Type of the resource declared at a construct path of the stack (`aws:cdk:path`). */
const typeAt = (path: string) =>
  Object.values(t.toJSON().Resources as Record<string, any>).find((r) => r.Metadata?.['aws:cdk:path'] === path)?.Type;

describe('DB-3 public fields other stacks code against', () => {
  // DataStack's fields (cluster, appSecurityGroup, appRole, dbSecurityGroup, operatorRole, readOnlyRole)
  // are these constructs: the App, Backup, Mail and Detection stacks reference them by these paths.
  test('cluster, app security group, app role and the human roles are real constructs of this stack', () => {
    expect(typeAt('prod-Data/Database/Cluster/Resource')).toBe('AWS::RDS::DBCluster');
    expect(typeAt('prod-Data/Database/AppSecurityGroup/Resource')).toBe('AWS::EC2::SecurityGroup');
    expect(typeAt('prod-Data/Database/AppRole/Resource')).toBe('AWS::IAM::Role');
    expect(typeAt('prod-Data/Database/SecurityGroup/Resource')).toBe('AWS::EC2::SecurityGroup');
    expect(typeAt('prod-Data/OperatorAccess/OperatorRole/Resource')).toBe('AWS::IAM::Role');
    expect(typeAt('prod-Data/OperatorAccess/ReadOnlyRole/Resource')).toBe('AWS::IAM::Role');
  });
});

describe('DB-1 firewall and isolation', () => {
  test('the cluster runs in the isolated subnets and no instance is publicly accessible', () => {
    const [, group] = onlyOne('AWS::RDS::DBSubnetGroup');
    const outputs = group.Properties.SubnetIds.map((s: any) => s['Fn::GetStackOutput'].OutputName);
    expect(outputs).toHaveLength(3);
    for (const o of outputs) expect(o).toMatch(/IsolatedSubnet/);
    for (const i of resources('AWS::RDS::DBInstance')) expect(i.Properties.PubliclyAccessible).toBe(false);
  });

  test('the cluster uses its own security group only', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { VpcSecurityGroupIds: [{ 'Fn::GetAtt': [dbSgId, 'GroupId'] }] });
  });

  test('the DB security group admits exactly the app and operator-host groups, on the DB port only', () => {
    const ingress = resources('AWS::EC2::SecurityGroupIngress').filter(
      (r) => r.Properties.GroupId['Fn::GetAtt'][0] === dbSgId,
    );
    expect(
      ingress
        .map((r) => [
          r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0],
          r.Properties.IpProtocol,
          r.Properties.FromPort,
          r.Properties.ToPort,
        ])
        .sort(),
    ).toEqual(
      [
        [appSgId, 'tcp', 5432, 5432],
        [hostSgId, 'tcp', 5432, 5432],
      ].sort(),
    );
    expect(t.toJSON().Resources[dbSgId].Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('no ingress rule of the DB security group has a CIDR or prefix-list source', () => {
    const all = [
      ...(t.toJSON().Resources[dbSgId].Properties.SecurityGroupIngress ?? []),
      ...resources('AWS::EC2::SecurityGroupIngress')
        .filter((r) => r.Properties.GroupId['Fn::GetAtt'][0] === dbSgId)
        .map((r) => r.Properties),
    ];
    expect(all.length).toBeGreaterThan(0);
    for (const rule of all) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
      expect(rule.SourcePrefixListId).toBeUndefined();
    }
  });

  test("the DB security group has no egress (only CDK's disallow-all placeholder)", () => {
    expect(t.toJSON().Resources[dbSgId].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
    ]);
    expect(
      resources('AWS::EC2::SecurityGroupEgress').filter((r) => r.Properties.GroupId['Fn::GetAtt'][0] === dbSgId),
    ).toEqual([]);
  });

  test('no rule anywhere in the stack opens ingress to 0.0.0.0/0 or ::/0', () => {
    const json = JSON.stringify({
      ingress: resources('AWS::EC2::SecurityGroupIngress'),
      inline: resources('AWS::EC2::SecurityGroup').map((g) => g.Properties.SecurityGroupIngress ?? []),
    });
    expect(json).not.toContain('0.0.0.0/0');
    expect(json).not.toContain('::/0');
  });

  test('the operator CIDRs live in one prefix list per address family, exactly as configured', () => {
    t.resourceCountIs('AWS::EC2::PrefixList', 2);
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      AddressFamily: 'IPv4',
      MaxEntries: 1,
      Entries: [Match.objectLike({ Cidr: '203.0.113.0/28' })],
    });
    t.hasResourceProperties('AWS::EC2::PrefixList', {
      AddressFamily: 'IPv6',
      MaxEntries: 1,
      Entries: [Match.objectLike({ Cidr: '2001:db8:1234::/48' })],
    });
  });

  test('the access host has no inbound rule, no public address, IMDSv2, an encrypted volume, in a private subnet', () => {
    const host = t.toJSON().Resources[hostSgId].Properties;
    expect(host.SecurityGroupIngress).toBeUndefined();
    expect(
      resources('AWS::EC2::SecurityGroupIngress').filter((r) => r.Properties.GroupId['Fn::GetAtt'][0] === hostSgId),
    ).toEqual([]);
    const [, instance] = onlyOne('AWS::EC2::Instance');
    expect(instance.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [hostSgId, 'GroupId'] }]);
    expect(instance.Properties.NetworkInterfaces).toBeUndefined();
    expect(instance.Properties.SubnetId['Fn::GetStackOutput'].OutputName).toMatch(/PrivateSubnet/);
    expect(instance.Properties.BlockDeviceMappings).toEqual([
      expect.objectContaining({ Ebs: expect.objectContaining({ Encrypted: true }) }),
    ]);
    expect(instance.Properties.MetadataOptions).toEqual({
      HttpEndpoint: 'enabled',
      HttpPutResponseHopLimit: 1,
      HttpTokens: 'required',
    });
  });

  test('the access host may send only HTTPS out and PostgreSQL to the database group', () => {
    expect(t.toJSON().Resources[hostSgId].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [hostSgId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [dbSgId, 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
  });
});

describe('DB-1 DB-3 ORG-1 operator path: MFA and operator addresses', () => {
  const humanConditions = {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    IpAddress: { 'aws:SourceIp': OPERATOR_CIDRS },
  };

  test.each([[/^Database operators/], [/^Read-only database access/]])(
    '%s role: trust requires MFA and exactly the configured CIDRs',
    (desc) => {
      const { role } = policyOf(desc);
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Condition: humanConditions,
        },
      ]);
    },
  );

  test.each([[/^Database operators/], [/^Read-only database access/]])(
    '%s role: may start only port-forwarding sessions on the access host, with MFA from operator CIDRs',
    (desc) => {
      const { statements } = policyOf(desc);
      const start = statements.filter((s) => [s.Action].flat().includes('ssm:StartSession'));
      expect(start).toHaveLength(1);
      expect(start[0].Condition).toEqual({
        ...humanConditions,
        BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
      });
      expect(start[0].Resource).toEqual([
        'arn:aws:ssm:eu-west-3::document/AWS-StartPortForwardingSessionToRemoteHost',
        {
          'Fn::Join': ['', ['arn:aws:ec2:eu-west-3:111122223333:instance/', { Ref: onlyOne('AWS::EC2::Instance')[0] }]],
        },
      ]);
    },
  );

  test('operator role: reads the master secret only, with MFA from operator CIDRs; decrypts only through Secrets Manager', () => {
    const { statements } = policyOf(/^Database operators/);
    const read = statements.find((s) => s.Sid === 'ReadMasterSecret')!;
    expect(read.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(read.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'MasterUserSecret.SecretArn'],
    });
    expect(read.Condition).toEqual(humanConditions);
    const decrypt = statements.find((s) => s.Sid === 'DecryptMasterSecret')!;
    expect(decrypt.Action).toBe('kms:Decrypt');
    expect(decrypt.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DatabaseSecretKey/), 'Arn'] });
    expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-3.amazonaws.com' } });
    expect(statements).toHaveLength(3);
  });
});

describe('DB-3 ORG-1 roles', () => {
  test('the app role is assumed by ECS tasks of this account only', () => {
    const { role } = policyOf(/^Application tasks/);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
    ]);
  });

  test('the app role may rds-db:connect as the configured app user on this cluster, nothing else', () => {
    const { statements } = policyOf(/^Application tasks/);
    expect(statements).toEqual([{ Action: 'rds-db:connect', Effect: 'Allow', Resource: expect.anything() }]);
    expect(statements[0].Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:aws:rds-db:eu-west-3:111122223333:dbuser:',
          { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'DBClusterResourceId'] },
          '/app_user',
        ],
      ],
    });
  });

  test('the read-only role may rds-db:connect as the read-only user only', () => {
    const { statements } = policyOf(/^Read-only database access/);
    const connect = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('rds-db:')));
    expect(connect).toEqual([
      {
        Action: 'rds-db:connect',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:aws:rds-db:eu-west-3:111122223333:dbuser:',
              { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'DBClusterResourceId'] },
              '/readonly_user',
            ],
          ],
        },
      },
    ]);
    expect(statements).toHaveLength(2);
  });

  test('the operator role cannot connect with IAM database auth as any user', () => {
    expect(JSON.stringify(policyOf(/^Database operators/).statements)).not.toContain('rds-db');
  });

  test('no policy in the stack has a wildcard action or a dbuser wildcard', () => {
    const docs = [
      ...resources('AWS::IAM::ManagedPolicy').map((p) => p.Properties.PolicyDocument),
      ...resources('AWS::IAM::Policy').map((p) => p.Properties.PolicyDocument),
    ];
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      for (const s of doc.Statement) for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
    }
    expect(JSON.stringify(docs)).not.toMatch(/dbuser:[^"]*\*/);
    expect(JSON.stringify(docs)).not.toContain('/*"');
  });

  test('the access host agent has Resource * only for the channel actions that accept no resource', () => {
    const agent = resources('AWS::IAM::ManagedPolicy').find((p) => /^SSM agent/.test(p.Properties.Description));
    const statements: Array<{ Sid: string; Action: string | string[]; Resource: unknown }> =
      agent!.Properties.PolicyDocument.Statement;
    const star = statements.filter((s) => s.Resource === '*');
    expect(star.map((s) => s.Sid)).toEqual(['AgentChannels']);
    for (const action of [star[0].Action].flat())
      expect(action).toMatch(
        /^(ssmmessages|ec2messages):|^ssm:(GetManifest|GetDeployablePatchSnapshotForInstance|PutInventory)$/,
      );
    const documents = statements.find((s) => s.Sid === 'AgentDocuments')!.Resource;
    expect(documents).toEqual([
      'arn:aws:ssm:eu-west-3::document/AWS-RunPatchBaseline',
      'arn:aws:ssm:eu-west-3::document/AWS-StartPortForwardingSessionToRemoteHost',
    ]);
    expect(JSON.stringify(statements.find((s) => s.Sid === 'AgentOnThisHost')!.Resource)).toContain('instance/');
  });

  test('ORG-1, ORG-5 every agent action can match its resource: PutInventory (no resource type) on *, association status on the patch association ARN', () => {
    const agent = resources('AWS::IAM::ManagedPolicy').find((p) => /^SSM agent/.test(p.Properties.Description));
    const statements: Array<{ Sid: string; Action: string | string[]; Resource: unknown }> =
      agent!.Properties.PolicyDocument.Statement;
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
    // PutInventory has no resource type: scoped to an instance ARN it would always be denied.
    expect([bySid('AgentChannels').Action].flat()).toContain('ssm:PutInventory');
    for (const s of statements.filter((st) => st.Resource !== '*'))
      expect([s.Action].flat()).not.toContain('ssm:PutInventory');
    // UpdateInstanceAssociationStatus requires the association resource type.
    const associations = bySid('AgentAssociations');
    expect([associations.Action].flat()).toContain('ssm:UpdateInstanceAssociationStatus');
    const [associationId] = onlyOne('AWS::SSM::Association', { Name: 'AWS-RunPatchBaseline' });
    expect(JSON.stringify(associations.Resource)).toContain(':association/');
    expect(JSON.stringify(associations.Resource)).toContain(`"${associationId}","AssociationId"`);
  });

  test('no inline policies (managed policies only, IAMNoInlinePolicy)', () => {
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('DB-2 authentication and TLS', () => {
  test('IAM database authentication is on', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableIAMDatabaseAuthentication: true });
  });

  test('the master password is generated by RDS in Secrets Manager under the customer secret key, never in the template', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      ManageMasterUserPassword: true,
      MasterUserSecret: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseSecretKey'), 'Arn'] } },
      MasterUserPassword: Match.absent(),
    });
    expect(JSON.stringify(t.toJSON())).not.toMatch(/"MasterUserPassword"/);
  });

  test('TLS is required on every connection (rds.force_ssl = 1) in the cluster parameter group', () => {
    const [pgId] = onlyOne('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
    t.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: pgId } });
  });
});

describe('DB-4 encryption under customer keys with rotation', () => {
  test('storage and Performance Insights (cluster and instances) use the storage key', () => {
    const key = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseStorageKey'), 'Arn'] };
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      StorageEncrypted: true,
      KmsKeyId: key,
      PerformanceInsightsEnabled: true,
      PerformanceInsightsKmsKeyId: key,
    });
    const instances = resources('AWS::RDS::DBInstance');
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(i.Properties.EnablePerformanceInsights).toBe(true);
      expect(i.Properties.PerformanceInsightsKMSKeyId['Fn::GetAtt'][0]).toMatch(/^DatabaseStorageKey/);
    }
  });

  test('every key rotates and is retained', () => {
    const keys = t.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(3);
    for (const k of Object.values(keys)) {
      expect(k.Properties.EnableKeyRotation).toBe(true);
      expect(k.DeletionPolicy).toBe('Retain');
    }
  });

  test('PROOF-4 the log key admits CloudWatch Logs of this region for the PostgreSQL log group only', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('^PostgreSQL and audit logs'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsForPostgresLogGroup',
            Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn':
                  'arn:aws:logs:eu-west-3:111122223333:log-group:/aws/rds/cluster/prod-aurora/postgresql',
              },
            },
          }),
        ]),
      },
    });
  });

  test("PROOF-4 the storage and secret keys delegate to IAM in this account (RDS and Secrets Manager use them with the caller's grants)", () => {
    for (const desc of ['^Aurora storage', '^Master secret']) {
      t.hasResourceProperties('AWS::KMS::Key', {
        Description: Match.stringLikeRegexp(desc),
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'kms:*', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }),
          ]),
        },
      });
    }
  });
});

describe('DB-5 audit', () => {
  test('pgaudit is preloaded and logs the configured classes; connections are logged', () => {
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: Match.objectLike({
        shared_preload_libraries: Match.stringLikeRegexp('(^|,)pgaudit(,|$)'),
        'pgaudit.log': 'ddl,role,write',
        'pgaudit.log_parameter': '0',
        log_connections: '1',
        log_disconnections: '1',
      }),
    });
  });

  test('object audit through rds_pgaudit is on, so reads of database.auditedTables can be logged (runbook grant)', () => {
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'pgaudit.role': 'rds_pgaudit' }),
    });
  });

  test('PostgreSQL logs are exported into a declared, encrypted, retained log group with the configured retention', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      EnableCloudwatchLogsExports: ['postgresql'],
      DBClusterIdentifier: 'prod-aurora',
    });
    const [id, group] = onlyOne('AWS::Logs::LogGroup');
    expect(group.Properties).toEqual(
      expect.objectContaining({
        LogGroupName: '/aws/rds/cluster/prod-aurora/postgresql',
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseLogKey/), 'Arn'] },
      }),
    );
    expect(group.DeletionPolicy).toBe('Retain');
    const [, cluster] = onlyOne('AWS::RDS::DBCluster');
    expect(cluster.DependsOn).toContain(id);
  });

  test('no CDK log-retention custom resource creates an unencrypted group', () => {
    expect(JSON.stringify(t.toJSON())).not.toContain('Custom::LogRetention');
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('DB-6 resilience', () => {
  test('a writer and a reader in two different zones, the reader scaling with the writer', () => {
    const instances = resources('AWS::RDS::DBInstance');
    expect(instances.map((i) => i.Properties.PromotionTier).sort()).toEqual([0, 1]);
    const zones = instances.map((i) => i.Properties.AvailabilityZone);
    expect(new Set(zones).size).toBe(2);
    for (const z of zones) expect(z).toMatch(/^eu-west-3[a-c]$/);
  });

  test('deletion protection on, snapshot on delete or replace', () => {
    t.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({ DeletionProtection: true }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('the stack has termination protection', () => {
    expect(stackOf('Data').terminationProtection).toBe(true);
  });
});

describe('ORG-4 rotation every 60 days', () => {
  test('the RDS-managed master secret rotates every 60 days, with no Lambda to reach Secrets Manager', () => {
    const [, rotation] = onlyOne('AWS::SecretsManager::RotationSchedule');
    expect(rotation.Properties).toEqual({
      SecretId: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'MasterUserSecret.SecretArn'] },
      RotationRules: { ScheduleExpression: 'rate(60 days)' },
      RotateImmediatelyOnUpdate: false,
    });
    expect(t.toJSON().Transform).toBeUndefined();
    t.resourceCountIs('AWS::Serverless::Application', 0);
  });
});

describe('ORG-5 patching', () => {
  test('automatic minor version upgrades and the configured maintenance window on every instance', () => {
    for (const i of resources('AWS::RDS::DBInstance')) {
      expect(i.Properties.AutoMinorVersionUpgrade).toBe(true);
      expect(i.Properties.PreferredMaintenanceWindow).toBe('sun:02:00-sun:03:00');
    }
  });

  test('the configured backup and maintenance windows on the cluster', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      PreferredBackupWindow: '01:00-01:30',
      PreferredMaintenanceWindow: 'sun:02:00-sun:03:00',
    });
  });

  test('the access host runs the latest Amazon Linux 2023 image and is patched daily by Patch Manager', () => {
    const [, instance] = onlyOne('AWS::EC2::Instance');
    expect(instance.Properties.ImageId.Ref).toMatch(/al2023/);
    t.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AWS-RunPatchBaseline',
      Parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
      Targets: [{ Key: 'InstanceIds', Values: [{ Ref: Match.stringLikeRegexp('^OperatorAccessHost') }] }],
    });
  });
});

describe('DB-1 DB-5 ORG-5 config reaches the template', () => {
  test('engine version and Serverless v2 capacity come from config', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      EngineVersion: '16.6',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
    });
    internal.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'test-aurora',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 },
    });
  });

  test('an IPv4-only operator list makes one prefix list and the same CIDRs in every condition', () => {
    internal.resourceCountIs('AWS::EC2::PrefixList', 1);
    internal.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Condition: Match.objectLike({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/28'] } }) }),
        ],
      },
    });
  });
});

describe('PROOF-1 cdk-nag', () => {
  test.each([PUBLIC, INTERNAL])('no open finding in the data stack of %s', (file) => {
    expect(openNagFindings(file, 'Data')).toEqual([]);
  });

  test('RDSInBackupPlan is acknowledged on the DB instances only, with the cluster-level reason', () => {
    const acknowledged = Object.entries(t.toJSON().Resources as Record<string, any>)
      .filter(([, r]) => JSON.stringify(r.Metadata?.cdk_nag ?? {}).includes('RDSInBackupPlan'))
      .map(([, r]) => r.Type);
    expect(acknowledged).toEqual(['AWS::RDS::DBInstance', 'AWS::RDS::DBInstance']);
    for (const [, i] of Object.entries(t.findResources('AWS::RDS::DBInstance'))) {
      const acks = JSON.stringify(i.Metadata?.cdk_nag ?? {});
      expect(acks).toMatch(/RDSInBackupPlan/);
      expect(acks).toMatch(/selects this cluster by its ARN/);
    }
    const [, cluster] = onlyOne('AWS::RDS::DBCluster');
    expect(JSON.stringify(cluster.Metadata ?? {})).not.toMatch(/RDSInBackupPlan/);
  });
});

test('DB-6 BKP-6 PROOF-3 stateful logical IDs never change', () => {
  expect(
    logicalIds('Data', [
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::SecretsManager::RotationSchedule',
      'AWS::EC2::PrefixList',
      'AWS::EC2::SecurityGroup',
    ]),
  ).toMatchSnapshot();
});

test('PROOF-3 template snapshot', () => {
  expect(normalizedTemplate('Data')).toMatchSnapshot();
});

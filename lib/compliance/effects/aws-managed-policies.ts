// PROOF-5: what the AWS-managed policies attached to the stage's roles allow, for the services the paths
// evaluate. The templates name these policies by ARN only, and no AWS account is reachable offline, so their
// statements for the evaluated services are written down here, with the version they were read from (the AWS
// Managed Policy Reference Guide). Statements for other services (EC2, DynamoDB, FSx...) are left out: an
// evaluation whose action belongs to a service a policy here does not cover fails instead of guessing
// (`coverageProblem`), so a left-out statement can never hide an Allow.

/** Services whose statements each extract below holds in full. */
export const COVERED_SERVICES: readonly string[] = ['kms', 'logs', 'backup', 'secretsmanager', 'rds-db', 'sns', 's3'];

/** The statements of one AWS-managed policy for {@link COVERED_SERVICES}. */
export interface ManagedPolicyExtract {
  /** Version and date it was read from. */
  readonly version: string;
  readonly statements: readonly Record<string, unknown>[];
}

const allow = (sid: string, action: string | string[], resource: string | string[], condition?: object) => ({
  Sid: sid,
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});

/** By policy name (the last part of its ARN). */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, ManagedPolicyExtract>> = {
  AWSBackupServiceRolePolicyForBackup: {
    version: 'v30 (2026-02-23)',
    statements: [
      allow('KMSDynamoDBPermissions', ['kms:Decrypt', 'kms:GenerateDataKey'], '*', {
        StringLike: { 'kms:ViaService': ['dynamodb.*.amazonaws.com'] },
      }),
      allow('KMSPermissions', 'kms:DescribeKey', '*'),
      allow('KMSCreateGrantPermissions', 'kms:CreateGrant', '*', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
      allow(
        'KMSEC2Permissions',
        ['kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptTo', 'kms:ReEncryptFrom'],
        'arn:aws:kms:*:*:key/*',
        {
          StringLike: { 'kms:ViaService': ['ec2.*.amazonaws.com'] },
          'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:ebs:id' },
        },
      ),
      allow('KMSDSQLPermissions', ['kms:Decrypt'], '*', {
        StringLike: { 'kms:ViaService': ['dsql.*.amazonaws.com'] },
        'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:dsql:ClusterId' },
      }),
      allow(
        'BackupVaultPermissions',
        ['backup:DescribeBackupVault', 'backup:CopyIntoBackupVault'],
        'arn:aws:backup:*:*:backup-vault:*',
      ),
      allow('BackupVaultCopyPermissions', ['backup:CopyFromBackupVault'], '*'),
      allow('RecoveryPointTaggingPermissions', ['backup:TagResource'], 'arn:aws:backup:*:*:recovery-point:*', {
        StringEquals: { 'aws:PrincipalAccount': `\${aws:ResourceAccount}` },
      }),
    ],
  },
  AWSBackupServiceRolePolicyForRestores: {
    version: 'v35 (2026-02-12)',
    statements: [
      allow('KMSDescribePermissions', 'kms:DescribeKey', '*'),
      allow(
        'KMSPermissions',
        [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey',
          'kms:ReEncryptTo',
          'kms:ReEncryptFrom',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        '*',
        {
          StringLike: {
            'kms:ViaService': [
              'dynamodb.*.amazonaws.com',
              'ec2.*.amazonaws.com',
              'elasticfilesystem.*.amazonaws.com',
              'rds.*.amazonaws.com',
              'redshift.*.amazonaws.com',
              'dsql.*.amazonaws.com',
              'redshift-serverless.*.amazonaws.com',
            ],
          },
        },
      ),
      allow('KMSCreateGrantPermissions', 'kms:CreateGrant', '*', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
      allow(
        'BackupRestoreJobManagementPermissions',
        [
          'backup:StartRestoreJob',
          'backup:ListRestoreJobs',
          'backup:ListRecoveryPointsByBackupVault',
          'backup:DescribeRestoreJob',
        ],
        '*',
      ),
    ],
  },
  AWSLambdaBasicExecutionRole: {
    version: 'v1 (2015-04-09)',
    statements: [allow('Logs', ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')],
  },
  AmazonRDSEnhancedMonitoringRole: {
    version: 'v1 (2015-11-11)',
    statements: [
      allow(
        'EnableCreationAndManagementOfRDSCloudwatchLogGroups',
        ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
        ['arn:aws:logs:*:*:log-group:RDS*'],
      ),
      allow(
        'EnableCreationAndManagementOfRDSCloudwatchLogStreams',
        ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
        ['arn:aws:logs:*:*:log-group:RDS*:log-stream:*'],
      ),
    ],
  },
};

/** The name of an AWS-managed policy from its ARN, or undefined for a customer policy. */
export function awsManagedName(arn: string): string | undefined {
  return /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/** Why an action cannot be evaluated for a principal with these AWS-managed policies, if it cannot. */
export function coverageProblem(names: readonly string[], action: string): string | undefined {
  const service = action.split(':')[0].toLowerCase();
  const unknown = names.filter((n) => !AWS_MANAGED_POLICIES[n]);
  if (unknown.length)
    return `AWS-managed ${unknown.join(', ')} not written down in lib/compliance/effects/aws-managed-policies.ts`;
  if (names.length && !COVERED_SERVICES.includes(service))
    return `${action}: the extracts of ${names.join(', ')} do not cover ${service}`;
  return undefined;
}

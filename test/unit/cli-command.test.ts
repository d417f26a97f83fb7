import {
  awsCommands,
  awsCommandsInMarkdown,
  cliName,
  codeBlocks,
  domainOutputSuffix,
  optionValue,
  queriedOutputKeys,
} from '../../lib/core/cli-command';

describe('OPS-2 reading AWS CLI commands from shell text', () => {
  test('service, operation, options with values and flags, across line continuations', () => {
    const [cmd] = awsCommands(
      'aws rds create-db-instance --region "$REGION" --db-cluster-identifier "$NEW" \\\n' +
        "  --engine aurora-postgresql --no-publicly-accessible --tags 'Key=a,Value=b c'\n",
    );
    expect(cmd).toMatchObject({ service: 'rds', operation: 'create-db-instance', line: 1 });
    expect(cmd.options).toEqual([
      { name: 'region', value: '$REGION' },
      { name: 'db-cluster-identifier', value: '$NEW' },
      { name: 'engine', value: 'aurora-postgresql' },
      { name: 'no-publicly-accessible' },
      { name: 'tags', value: 'Key=a,Value=b c' },
    ]);
  });

  test('commands inside $(...), after assignments, pipes, lists, eval and in a function body', () => {
    const shell = [
      'VAULT=$(aws cloudformation describe-stacks --stack-name "$STAGE-Backup" \\',
      '  --query "Stacks[0].Outputs[?OutputKey==\'ContinuousVaultName\'].OutputValue" --output text)',
      'aws sts get-caller-identity | jq . && aws kms list-keys; echo done',
      'eval $(aws sts assume-role --role-arn "$(aws iam get-role --role-name x --query Role.Arn)" --role-session-name s)',
      'out() { aws ssm start-session --target "$1"; }',
    ].join('\n');
    const found = awsCommands(shell).map((c) => `${c.line} ${c.service} ${c.operation}`);
    expect(found.sort()).toEqual(
      [
        '1 cloudformation describe-stacks',
        '3 sts get-caller-identity',
        '3 kms list-keys',
        '4 sts assume-role',
        '4 iam get-role',
        '5 ssm start-session',
      ].sort(),
    );
    const [describe] = awsCommands(shell);
    expect(optionValue(describe, 'stack-name')).toBe('$STAGE-Backup');
    expect(queriedOutputKeys(describe)).toEqual(['ContinuousVaultName']);
  });

  test('waiters, --name=value, global options before the service', () => {
    const [wait, eq] = awsCommands(
      'aws rds wait db-instance-available --db-instance-identifier w\naws --region eu-west-3 backup list-backup-vaults --max-results=5',
    );
    expect(wait).toMatchObject({ service: 'rds', operation: 'wait', waiter: 'db-instance-available' });
    expect(eq).toMatchObject({ service: 'backup', operation: 'list-backup-vaults' });
    expect(eq.options).toEqual([
      { name: 'region', value: 'eu-west-3' },
      { name: 'max-results', value: '5' },
    ]);
  });

  test('comments, heredocs and redirections are not commands', () => {
    const shell = [
      '# aws backup delete-backup-vault --backup-vault-name x',
      "psql <<'SQL'",
      "aws s3 rm s3://bucket --recursive -- it's data",
      'SQL',
      'aws kms list-keys > keys.json 2>&1',
    ].join('\n');
    const found = awsCommands(shell);
    expect(found.map((c) => `${c.line} ${c.service} ${c.operation}`)).toEqual(['5 kms list-keys']);
    expect(found[0].options).toEqual([]);
  });

  test('a <placeholder> is a redirection in a shell: the option before it has no value', () => {
    const [cmd] = awsCommands('aws backup describe-restore-job --restore-job-id <id>');
    expect(cmd.options).toEqual([{ name: 'restore-job-id' }]);
  });

  test('backquoted OutputKey comparisons are read too', () => {
    const [cmd] = awsCommands("aws cloudformation describe-stacks --query 'Stacks[0].Outputs[?OutputKey==`A`]'");
    expect(queriedOutputKeys(cmd)).toEqual(['A']);
  });
});

describe('OPS-2 Markdown code blocks', () => {
  const page = [
    '# Title',
    'Text with `aws kms list-keys` inline (not a block).',
    '```sh',
    'aws sts get-caller-identity',
    '```',
    '```json',
    '{ "aws": "kms list-keys" }',
    '```',
    '```console',
    '$ aws kms list-aliases',
    '```',
  ].join('\n');

  test('blocks with their language and first line', () => {
    expect(codeBlocks(page).map((b) => [b.lang, b.line])).toEqual([
      ['sh', 4],
      ['json', 7],
      ['console', 10],
    ]);
  });

  test('commands of shell blocks only, with page line numbers', () => {
    expect(awsCommandsInMarkdown(page).map((c) => `${c.line} ${c.service} ${c.operation}`)).toEqual([
      '4 sts get-caller-identity',
      '10 kms list-aliases',
    ]);
  });
});

describe('OPS-2 CLI names of API names (botocore xform_name)', () => {
  test.each([
    ['StartRestoreJob', 'start-restore-job'],
    ['DBClusterIdentifier', 'db-cluster-identifier'],
    ['EnableIAMDatabaseAuthentication', 'enable-iam-database-authentication'],
    ['VpcSecurityGroupIds', 'vpc-security-group-ids'],
    ['ListWebACLs', 'list-web-acls'],
    ['DescribeDBClusters', 'describe-db-clusters'],
    ['ServerlessV2ScalingConfiguration', 'serverless-v2-scaling-configuration'],
  ])('%s → %s', (api, cli) => {
    expect(cliName(api)).toBe(cli);
  });
});

describe('OPS-1 output key suffix of a domain', () => {
  test.each([
    ['example.com', 'ExampleCom'],
    ['test.example.net', 'TestExampleNet'],
    ['my-shop.co.uk', 'MyShopCoUk'],
  ])('%s → %s', (domain, suffix) => {
    expect(domainOutputSuffix(domain)).toBe(suffix);
  });
});

// OPS-1, OPS-2: every AWS CLI command of the runbooks and the README is checked against the AWS SDK models in
// node_modules (operation, option names, required options), and every stack output a command reads exists in the
// synthesized example stages, in the stack the command names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackModel } from '../../lib/compliance/model';
import {
  awsCommands,
  awsCommandsInMarkdown,
  type CliCommand,
  codeBlocks,
  optionValue,
  queriedOutputKeys,
} from '../../lib/core/cli-command';
import { exampleStage, INTERNAL, PUBLIC, ROOT } from '../stage/example-stage';
import { commandProblems } from './sdk-models';

/** The hand-written pages: the README, docs/*.md and docs/runbooks/*.md (the generated reports hold no commands). */
const mdIn = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(dir, f));
const PAGES = ['README.md', ...mdIn('docs'), ...mdIn(path.join('docs', 'runbooks'))];
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');
const commands = PAGES.flatMap((page) => awsCommandsInMarkdown(read(page)).map((cmd) => ({ page, cmd })));
const at = (page: string, cmd: CliCommand) => `${page}:${cmd.line}`;
const stages = [exampleStage(PUBLIC), exampleStage(INTERNAL)];

/** What is wrong with the outputs a `describe-stacks` command reads, against the example stages. */
function outputProblems(cmd: CliCommand, stageList = stages): string[] {
  const keys = queriedOutputKeys(cmd).filter((k) => !k.includes('$'));
  if (!keys.length) return [];
  const stackName = optionValue(cmd, 'stack-name') ?? '';
  const named = /^(.*)-([A-Za-z]+)$/.exec(stackName);
  if (!named) return [`--stack-name "${stackName}" names no stack of a stage (<stage>-<Concern>)`];
  const [, prefix, concern] = named;
  const candidates = stageList.filter((s) => prefix.includes('$') || s.config.name === prefix);
  const stacks = candidates
    .map((s) => s.stacks.find((st) => st.name === `${s.config.name}-${concern}`))
    .filter((s): s is StackModel => !!s);
  if (!stacks.length) return [`${stackName}: no example stage has this stack`];
  const outputsOf = (s: StackModel) => Object.keys((s.template as { Outputs?: object }).Outputs ?? {});
  return keys
    .filter((k) => !stacks.some((s) => outputsOf(s).includes(k)))
    .map((k) => `${stackName} has no output ${k} (it has ${stacks.flatMap(outputsOf).join(', ')})`);
}

describe('OPS-2 every AWS CLI command of the README, the docs and the runbooks', () => {
  test('the pages hold commands (the parser finds them)', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.some(({ page }) => page.endsWith('restore.md'))).toBe(true);
  });

  test('names an operation and options of the AWS SDK model, with every required option', () => {
    const problems = commands
      .flatMap(({ page, cmd }) => commandProblems(cmd).map((p) => `${at(page, cmd)} ${p}`))
      .filter((p) => !p.includes(': install @aws-sdk/'));
    expect(problems).toEqual([]);
  });

  test('has its service client installed, so its model is checked', () => {
    const missing = commands
      .flatMap(({ page, cmd }) => commandProblems(cmd).map((p) => `${at(page, cmd)} ${p}`))
      .filter((p) => p.includes(': install @aws-sdk/'));
    expect(missing).toEqual([]);
  });

  test("reads only outputs that exist in the stack it names (OutputKey=='...')", () => {
    const problems = commands.flatMap(({ page, cmd }) => outputProblems(cmd).map((p) => `${at(page, cmd)} ${p}`));
    expect(problems).toEqual([]);
  });
});

describe('OPS-2 the restore runbook', () => {
  const page = read('docs/runbooks/restore.md');
  const restore = awsCommandsInMarkdown(page);

  test('has the four branches of the decision tree, each with commands', () => {
    for (const heading of [
      '## A. Rows deleted',
      '## B. Cluster lost',
      '## C. Region lost',
      '## D. Account compromised',
      '## S. Switch-over by config',
      '## U. Bring the cluster back under the stack',
      '## Who runs it',
    ])
      expect(page).toContain(heading);
    for (const op of [
      'start-restore-job',
      'describe-restore-job',
      'restore-db-cluster-to-point-in-time',
      'create-db-instance',
      'describe-db-clusters',
    ])
      expect(restore.map((c) => c.operation)).toContain(op);
  });

  test('reads every generated name from a stack output, never a <placeholder> in a command', () => {
    const keys = restore.flatMap(queriedOutputKeys);
    for (const key of [
      'ContinuousVaultName',
      'FrequentVaultName',
      'CopyVaultName',
      'AirGappedVaultName',
      'RestoreRoleArn',
      'ClusterIdentifier',
      'DbSecurityGroupId',
      'DbSubnetGroupName',
      'StorageKeyArn',
    ])
      expect(keys).toContain(key);
    const shell = codeBlocks(page).filter((b) => ['sh', 'bash'].includes(b.lang));
    for (const b of shell) expect(b.code).not.toMatch(/<[a-z][^>\n]*>/i);
  });

  test('restores with the restore role and the stage network, parameters and key', () => {
    const start = restore.find((c) => c.operation === 'start-restore-job');
    expect(start && optionValue(start, 'iam-role-arn')).toBe('$RESTORE_ROLE');
    expect(page).toMatch(/VpcSecurityGroupIds: \(\[\$sg\] \| tojson\)/);
    expect(page).toMatch(/DBClusterParameterGroupName: \$params/);
    expect(page).toMatch(/KmsKeyId: \$key/);
  });
});

describe('OPS-2 the checker catches what it must', () => {
  const one = (shell: string) => {
    const [cmd] = awsCommands(shell);
    if (!cmd) throw new Error(`no command in ${shell}`);
    return cmd;
  };

  test('a misspelt option', () => {
    expect(
      commandProblems(one(`aws backup start-restore-job --recovery-pont-arn "$P" --metadata '{}'`)).join('\n'),
    ).toMatch(/unknown option --recovery-pont-arn[\s\S]*misses required --recovery-point-arn/);
  });

  test('an operation that does not exist, a waiter that does not exist', () => {
    expect(commandProblems(one('aws rds restore-cluster --db-cluster-identifier x'))).toEqual([
      'aws rds restore-cluster: no such operation',
    ]);
    expect(commandProblems(one('aws rds wait cluster-ready --db-cluster-identifier x'))).toEqual([
      'aws rds wait cluster-ready: no such waiter',
    ]);
  });

  test('a --no- form of an option that is not a boolean, and a boolean flag given right', () => {
    const cmd = one('aws rds create-db-instance --db-instance-identifier i --engine e --db-instance-class c');
    expect(commandProblems(cmd)).toEqual([]);
    expect(
      commandProblems(one(`${'aws rds create-db-instance --db-instance-identifier i --engine e'} --no-engine`)),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/unknown option --no-engine/)]));
  });

  test('a service whose SDK client is not installed', () => {
    const cmd = one('aws nosuch do-thing --x 1');
    expect(commandProblems(cmd, { nosuch: '@aws-sdk/client-nosuch' })).toEqual([
      'aws nosuch do-thing: install @aws-sdk/client-nosuch (its model checks this command)',
    ]);
    expect(commandProblems(cmd)[0]).toMatch(/unknown CLI service "nosuch"/);
  });

  test('an output the named stack does not have, a stack no stage has', () => {
    const query = (stack: string, key: string) =>
      one(
        `aws cloudformation describe-stacks --stack-name ${stack} --query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue"`,
      );
    expect(outputProblems(query('prod-Backup', 'ContinuousVaultName'))).toEqual([]);
    expect(outputProblems(query('prod-Backup', 'NoSuchOutput'))[0]).toMatch(/prod-Backup has no output NoSuchOutput/);
    // Right key, wrong stack: the cluster identifier is an output of Data, not of Backup.
    expect(outputProblems(query('"$STAGE-Backup"', 'ClusterIdentifier'))[0]).toMatch(/has no output ClusterIdentifier/);
    expect(outputProblems(query('prod-Nothing', 'X'))[0]).toMatch(/no example stage has this stack/);
  });
});

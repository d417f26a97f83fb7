import { DIGEST_PINNED_IMAGE } from '../../defaults/app';
import { DEFAULT_LIKE_MASTER_USERNAMES } from '../../defaults/database';
import { DEFAULT_SENDER_MAILBOX } from '../../defaults/mail';
import { asArray, field, isObject } from '../model/json';
import { ev, propsOf, type Res, resources, text } from '../model/query';
import type { StageModel } from '../model/types';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-7';

/**
 * Service principals whose role trust cannot carry aws:SourceAccount/aws:SourceArn, with the documented reason.
 * Every other service trust must carry one of them.
 */
const NO_SOURCE_CONDITION: Readonly<Record<string, string>> = {
  'cloudtrail.amazonaws.com':
    'CloudTrail documents that its CloudWatch Logs role does not support aws:SourceArn/aws:SourceAccount',
  'edgelambda.amazonaws.com': 'Lambda@Edge assumes the role in the regions it replicates to',
};

const SEND_ACTION = /^ses:(\*|Send\*|SendEmail|SendRawEmail|SendTemplatedEmail|SendBulk\w*)$/i;

/** The stage's own repository an image reference points at (by Ref or GetAtt), if any. */
function ownRepository(task: Res, image: unknown): Res | undefined {
  const refs = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if (typeof v.Ref === 'string') refs.add(v.Ref);
      const att = asArray(v['Fn::GetAtt'] as unknown[]);
      if (typeof att[0] === 'string') refs.add(att[0]);
      Object.values(v).forEach(walk);
    }
  };
  walk(image);
  return resources([task.stack], 'AWS::ECR::Repository').find((r) => refs.has(r.id));
}

/** The image comes from an immutable, scanned, KMS-encrypted, retained repository of the stage, or by digest. */
function checkImage(v: Verdict, task: Res, container: unknown): void {
  const name = `${task.id} container ${String(field(container, 'Name'))}`;
  const image = field(container, 'Image');
  if (typeof image === 'string') {
    v.add(ev(task, 'ContainerDefinitions.Image', image));
    v.need(
      DIGEST_PINNED_IMAGE.test(image),
      `${name} runs ${image} by a mutable tag (neither own repository nor digest)`,
    );
    return;
  }
  const repo = ownRepository(task, image);
  if (!v.need(!!repo, `${name}: the image ${text(image)} is neither from the stage's repository nor by digest`)) return;
  const r = repo as Res;
  const p = propsOf(r);
  v.add(
    ev(r, 'ImageTagMutability'),
    ev(r, 'ImageScanningConfiguration.ScanOnPush'),
    ev(r, 'EncryptionConfiguration.EncryptionType'),
    ev(r, 'DeletionPolicy', r.r.DeletionPolicy ?? '(absent)'),
  );
  v.need(p.ImageTagMutability === 'IMMUTABLE', `${r.id}: tags are mutable, a tag may name other code tomorrow`);
  v.need(field(p.ImageScanningConfiguration, 'ScanOnPush') === true, `${r.id}: images are not scanned on push`);
  v.need(/^KMS/.test(String(field(p.EncryptionConfiguration, 'EncryptionType'))), `${r.id}: not encrypted with KMS`);
  v.want(!!field(p.LifecyclePolicy, 'LifecyclePolicyText'), `${r.id}: no lifecycle rule`);
  v.want(r.r.DeletionPolicy === 'Retain', `${r.id}: not retained (the running image would go with the stack)`);
}

/** Non-root user and read-only root file system on every container. */
function checkContainers(m: StageModel, v: Verdict): number {
  const tasks = resources(m, 'AWS::ECS::TaskDefinition');
  for (const task of tasks) {
    for (const c of asArray(propsOf(task).ContainerDefinitions as unknown[])) {
      const name = `${task.id} container ${String(field(c, 'Name'))}`;
      checkImage(v, task, c);
      const user = field(c, 'User');
      v.add(ev(task, 'ContainerDefinitions.User', user ?? '(absent)'));
      v.add(ev(task, 'ContainerDefinitions.ReadonlyRootFilesystem', field(c, 'ReadonlyRootFilesystem') ?? '(absent)'));
      v.need(
        typeof user === 'string' && !/^(0|root)(:|$)/.test(user) && !/:0$/.test(user),
        `${name} runs as ${user === undefined ? "the image's user (possibly root)" : `root (${String(user)})`}`,
      );
      v.need(field(c, 'ReadonlyRootFilesystem') === true, `${name}: the root file system is writable`);
    }
  }
  return tasks.length;
}

/** Policy documents of a role, managed or inline policy, with the resource that holds them. */
function policyDocuments(m: StageModel): Array<[Res, unknown]> {
  const docs: Array<[Res, unknown]> = [];
  for (const p of resources(m, ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']))
    docs.push([p, propsOf(p).PolicyDocument]);
  for (const r of resources(m, 'AWS::IAM::Role'))
    for (const p of asArray(propsOf(r).Policies as unknown[])) docs.push([r, field(p, 'PolicyDocument')]);
  return docs;
}

/** Every SES send permission names the From addresses it allows, each a configured sender. */
function checkSenders(m: StageModel, v: Verdict): void {
  const senders = m.config.mail.senderAddresses ?? m.config.domains.map((d) => `${DEFAULT_SENDER_MAILBOX}@${d.name}`);
  for (const [holder, doc] of policyDocuments(m)) {
    for (const s of asArray(field(doc, 'Statement') as unknown[])) {
      const actions = asArray(field(s, 'Action') as unknown).map(String);
      if (field(s, 'Effect') !== 'Allow' || !actions.some((a) => SEND_ACTION.test(a))) continue;
      const from = asArray(field(field(field(s, 'Condition'), 'StringEquals'), 'ses:FromAddress') as unknown).map(
        String,
      );
      v.add(ev(holder, 'PolicyDocument.Condition.StringEquals.ses:FromAddress', from.length ? from : '(absent)'));
      v.need(from.length > 0, `${holder.id} lets the holder send as any address of our domains (no ses:FromAddress)`);
      const strangers = from.filter((a) => !senders.includes(a));
      v.need(
        !strangers.length,
        `${holder.id} allows From addresses that are not configured senders: ${strangers.join(', ')}`,
      );
    }
  }
}

/** Service trusts carry aws:SourceAccount or aws:SourceArn, unless the service documents it cannot. */
function checkTrusts(m: StageModel, v: Verdict): void {
  for (const role of resources(m, 'AWS::IAM::Role')) {
    for (const s of asArray(field(propsOf(role).AssumeRolePolicyDocument, 'Statement') as unknown[])) {
      const services = asArray(field(field(s, 'Principal'), 'Service') as unknown).map(String);
      if (field(s, 'Effect') !== 'Allow' || !services.length) continue;
      const keys = Object.values((field(s, 'Condition') as Record<string, unknown>) ?? {}).flatMap((c) =>
        isObject(c) ? Object.keys(c) : [],
      );
      const guarded = keys.some((k) => /^aws:Source(Account|Arn)$/i.test(k));
      // A Lambda@Edge role trusts lambda and edgelambda in one statement: the exemption covers the statement.
      const exempt = services.some((svc) => svc in NO_SOURCE_CONDITION);
      v.add(ev(role, 'AssumeRolePolicyDocument.Condition', guarded ? keys : exempt ? 'exempt (documented)' : '(none)'));
      if (!guarded && !exempt)
        v.want(false, `${role.id}: the trust of ${services.join(', ')} has no aws:SourceAccount/aws:SourceArn`);
    }
  }
}

/** The master user is not a name credential-stuffing tools try first. */
function checkMasterUser(m: StageModel, v: Verdict): void {
  for (const c of resources(m, 'AWS::RDS::DBCluster')) {
    const name = propsOf(c).MasterUsername;
    v.add(ev(c, 'MasterUsername'));
    if (!v.need(typeof name === 'string', `${c.id}: no literal master user name to check`)) continue;
    const defaultLike = DEFAULT_LIKE_MASTER_USERNAMES.includes(String(name).toLowerCase());
    if (defaultLike && m.config.database.keepDeployedMasterUsername)
      v.want(false, `${c.id}: master user "${String(name)}" kept from an existing cluster (a default-like name)`);
    else v.need(!defaultLike, `${c.id}: master user "${String(name)}" is a default name`);
  }
}

export const org7: Claim = {
  id: ID,
  promise: 'the app runs exactly the code we reviewed, with no more power than it needs',
  declared:
    "an immutable container image (the stage's own ECR repository with immutable tags and scanning, or another " +
    'registry pinned by digest), non-root user, read-only root file system; the app may send mail only from ' +
    'configured addresses (`ses:FromAddress`); service trust policies carry `aws:SourceAccount`/`aws:SourceArn`; ' +
    'the database master user is not a default name',
  check: (m) => {
    const v = new Verdict(ID);
    const tasks = checkContainers(m, v);
    v.need(tasks > 0, 'no ECS task definition to check');
    checkSenders(m, v);
    checkTrusts(m, v);
    checkMasterUser(m, v);
    return v.done(
      "The app's image comes from the stage's own repository with immutable tags (scanned on push, KMS-encrypted) " +
        'or by digest; it runs as a non-root user on a read-only root file system; it may send mail only as the ' +
        'configured sender addresses; service roles trust their service only for this account, where the service ' +
        'supports it; the database master user is not a default name.',
    );
  },
  page: [
    {
      section: 'organisation',
      text: () =>
        '**Only reviewed code runs.** The application runs an image that cannot change under its name (our own ' +
        'repository with immutable tags, scanned on every push), as an unprivileged user on a read-only file ' +
        'system, and may send email only as our configured sender addresses.',
    },
  ],
};

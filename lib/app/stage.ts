import type { App, Environment } from 'aws-cdk-lib';
import type { StageConfig } from '../config/schema';
import { EDGE_REGION } from '../defaults/constants';
import { AppStack } from '../stacks/app-stack';
import { BackupStack } from '../stacks/backup-stack';
import { DataStack } from '../stacks/data-stack';
import { DetectionStack, RegionalDetectionStack } from '../stacks/detection-stack';
import { DnsStack } from '../stacks/dns-stack';
import { EdgeStack } from '../stacks/edge-stack';
import { MailStack } from '../stacks/mail-stack';
import { NetworkStack } from '../stacks/network-stack';
import { copyVaultArn, RecoveryStack } from '../stacks/recovery-stack';
import { makeDisposable } from './disposable';
import { guardStageKeys } from './key-guard';
import { addRunbookOutputs } from './outputs';
import { allowSecondAccountCopy } from './second-account-copy';

/** Every stack of one stage. */
export interface Stage {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly recovery: RecoveryStack;
  readonly backup: BackupStack;
  readonly app: AppStack;
  readonly mail: MailStack;
  readonly detection: DetectionStack;
  readonly detectionBackupRegion: RegionalDetectionStack;
  /** Stages with domains only. */
  readonly dns?: DnsStack;
  /** Public stages only. */
  readonly edge?: EdgeStack;
  /** Public stages only. */
  readonly detectionGlobal?: RegionalDetectionStack;
}

/** What every stack of a stage is given: its account and region, the config, the stage tag, protection. */
interface StageStackProps {
  readonly env: Environment;
  readonly config: StageConfig;
  readonly tags: Record<string, string>;
  readonly terminationProtection: boolean;
}

/**
 * The props every stack of stage `c` shares, for `region`. Every stack holds something that must not vanish
 * with a stray `cdk destroy` (keys, vaults, log groups and buckets, zones, SES identities: re-created ones get
 * new DKIM tokens), so all are termination-protected; their resources are also retained. A disposable test stage
 * is made to be thrown away: no termination protection (OPS-3, lib/app/disposable.ts).
 */
function stackProps(c: StageConfig, region: string): StageStackProps {
  const terminationProtection = c.lifecycle !== 'disposable';
  return { env: { account: c.account, region }, config: c, tags: { stage: c.name }, terminationProtection };
}

/**
 * Builds every stack of a validated stage. `bin/app.ts` and the tests both call it. Stacks are created in
 * deployment order (the order `cdk list` prints).
 *
 * Cross-stack values travel as weak references (`Fn::GetStackOutput`, see cdk.json), which also cross regions;
 * the copy vault ARN is built from config instead, and an explicit dependency orders the deploy.
 */
export function buildStage(app: App, c: StageConfig): Stage {
  const id = (concern: string) => `${c.name}-${concern}`;
  const primary = stackProps(c, c.primaryRegion);
  const network = new NetworkStack(app, id('Network'), primary);
  // Zones exist wherever domains are configured; only public stages put an entry in them (ORG-2).
  const dns = c.domains.length ? new DnsStack(app, id('Dns'), stackProps(c, EDGE_REGION)) : undefined;
  const zones = dns?.zones ?? {};
  const alertTopic = network.alertTopic;
  const data = new DataStack(app, id('Data'), { ...primary, vpc: network.vpc });
  const { recovery, backup } = addBackupStacks(app, c, network, data);
  const appStack = new AppStack(app, id('App'), {
    ...primary,
    vpc: network.vpc,
    appSecurityGroup: data.appSecurityGroup,
    appRole: data.appRole,
    cluster: data.activeCluster, // OPS-2: the restored cluster after a switch-over
    zones,
  });
  const edge =
    dns && c.exposure === 'public'
      ? new EdgeStack(app, id('Edge'), { ...stackProps(c, EDGE_REGION), zones, loadBalancer: appStack.loadBalancer })
      : undefined;
  const mail = new MailStack(app, id('Mail'), { ...primary, zones, alertTopic, senderRole: data.appRole });
  const detection = addDetectionStacks(app, c, { network, data, backup, app: appStack, edge });
  const stage = { network, data, recovery, backup, app: appStack, mail, ...detection, dns, edge };
  guardStageKeys(c, stage); // BKP-7, DET-7: only the break-glass role can retire a key of the data or the alarms
  allowSecondAccountCopy(c, data.database.storageKey); // BKP-3, BKP-7: the other account may copy snapshots
  addRunbookOutputs(stage); // OPS-2: every name the runbooks read, as a stack output
  if (c.lifecycle === 'disposable') makeDisposable(Object.values(stage)); // OPS-3: `cdk destroy` removes it
  return stage;
}

/** The backup region's vaults, then the primary region's plan that copies into them (BKP-1..BKP-6). */
function addBackupStacks(
  app: App,
  c: StageConfig,
  network: NetworkStack,
  data: DataStack,
): Pick<Stage, 'recovery' | 'backup'> {
  const recovery = new RecoveryStack(app, `${c.name}-Recovery`, stackProps(c, c.backupRegion));
  const backup = new BackupStack(app, `${c.name}-Backup`, {
    ...stackProps(c, c.primaryRegion),
    vpc: network.vpc,
    cluster: data.cluster,
    alertTopic: network.alertTopic,
    copyVaultArn: copyVaultArn(c),
  });
  backup.addStackDependency(recovery, 'the plan copies into the vault of the backup region, named by a string ARN');
  return { recovery, backup };
}

/**
 * Detection where the data lives (primary, stateful: the trail's bucket and keys), where the copies live (backup
 * region), and, on public stages, where CloudFront's metrics and health checks live (us-east-1) (DET-1..DET-5).
 */
function addDetectionStacks(
  app: App,
  c: StageConfig,
  s: { network: NetworkStack; data: DataStack; backup: BackupStack; app: AppStack; edge?: EdgeStack },
): Pick<Stage, 'detection' | 'detectionBackupRegion' | 'detectionGlobal'> {
  const detection = new DetectionStack(app, `${c.name}-Detection`, {
    ...stackProps(c, c.primaryRegion),
    vpc: s.network.vpc,
    alertTopic: s.network.alertTopic,
    cluster: s.data.cluster,
    loadBalancer: s.app.loadBalancer,
    webAcl: s.app.webAcl,
    // The weekly restore test reads the master secret by design (BKP-5): its reads do not alert (DB-2).
    masterSecretReaderArns: [s.backup.restoreTesting.validatorRole.roleArn],
  });
  // DET-6: every region's Config recorder delivers to the primary region's bucket.
  const configDelivery = detection.configDelivery?.crossRegionReference();
  const detectionBackupRegion = new RegionalDetectionStack(app, `${c.name}-DetectionBackupRegion`, {
    ...stackProps(c, c.backupRegion),
    role: 'backup-region',
    configDelivery,
  });
  const detectionGlobal = s.edge
    ? new RegionalDetectionStack(app, `${c.name}-DetectionGlobal`, {
        ...stackProps(c, EDGE_REGION),
        role: 'edge-monitoring',
        configDelivery,
        distribution: s.edge.distribution,
        webAcl: s.edge.webAcl,
      })
    : undefined;
  return { detection, detectionBackupRegion, detectionGlobal };
}

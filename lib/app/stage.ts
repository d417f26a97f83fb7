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

/**
 * Builds every stack of a validated stage. `bin/app.ts` and the tests both call it.
 *
 * Cross-stack values travel as weak references (`Fn::GetStackOutput`, see
 * cdk.json), which also cross regions; the copy vault ARN is built from config
 * instead, and an explicit dependency orders the deploy.
 */
export function buildStage(app: App, c: StageConfig): Stage {
  const env = (region: string): Environment => ({ account: c.account, region });
  const id = (concern: string) => `${c.name}-${concern}`;
  // Every stack holds something that must not vanish with a stray `cdk destroy`: keys, vaults,
  // log groups and buckets, zones, SES identities (re-created ones get new DKIM tokens). Their
  // resources are also retained, so even a deliberate deletion keeps the data.
  const stateful = { terminationProtection: true };
  const tags = { stage: c.name };
  const isPublic = c.exposure === 'public';

  const network = new NetworkStack(app, id('Network'), { env: env(c.primaryRegion), config: c, tags, ...stateful });
  // Zones exist wherever domains are configured; only public stages put an entry in them (ORG-2).
  const dns = c.domains.length
    ? new DnsStack(app, id('Dns'), { env: env(EDGE_REGION), config: c, tags, ...stateful })
    : undefined;
  const zones = dns?.zones ?? {};

  const data = new DataStack(app, id('Data'), {
    env: env(c.primaryRegion),
    config: c,
    tags,
    ...stateful,
    vpc: network.vpc,
    alertTopic: network.alertTopic,
  });

  const recovery = new RecoveryStack(app, id('Recovery'), { env: env(c.backupRegion), config: c, tags, ...stateful });
  const backup = new BackupStack(app, id('Backup'), {
    env: env(c.primaryRegion),
    config: c,
    tags,
    ...stateful,
    vpc: network.vpc,
    cluster: data.cluster,
    alertTopic: network.alertTopic,
    copyVaultArn: copyVaultArn(c),
  });
  backup.addStackDependency(recovery, 'the plan copies into the vault of the backup region, named by a string ARN');

  const appStack = new AppStack(app, id('App'), {
    env: env(c.primaryRegion),
    config: c,
    tags,
    ...stateful,
    vpc: network.vpc,
    appSecurityGroup: data.appSecurityGroup,
    appRole: data.appRole,
    cluster: data.cluster,
    zones,
    alertTopic: network.alertTopic,
  });

  const edge =
    dns && isPublic
      ? new EdgeStack(app, id('Edge'), {
          env: env(EDGE_REGION),
          config: c,
          tags,
          ...stateful,
          zones,
          loadBalancer: appStack.loadBalancer,
        })
      : undefined;

  const mail = new MailStack(app, id('Mail'), {
    env: env(c.primaryRegion),
    config: c,
    tags,
    ...stateful,
    zones,
    alertTopic: network.alertTopic,
    senderRole: data.appRole,
  });

  // Stateful: the audit trail's bucket and keys.
  const detection = new DetectionStack(app, id('Detection'), {
    env: env(c.primaryRegion),
    config: c,
    tags,
    ...stateful,
    vpc: network.vpc,
    alertTopic: network.alertTopic,
    cluster: data.cluster,
    loadBalancer: appStack.loadBalancer,
    webAcl: appStack.webAcl,
  });
  const detectionBackupRegion = new RegionalDetectionStack(app, id('DetectionBackupRegion'), {
    env: env(c.backupRegion),
    config: c,
    tags,
    ...stateful,
    role: 'backup-region',
  });
  const detectionGlobal = edge
    ? new RegionalDetectionStack(app, id('DetectionGlobal'), {
        env: env(EDGE_REGION),
        config: c,
        tags,
        ...stateful,
        role: 'edge-monitoring',
        distribution: edge.distribution,
        webAcl: edge.webAcl,
      })
    : undefined;

  return {
    network,
    data,
    recovery,
    backup,
    app: appStack,
    mail,
    detection,
    detectionBackupRegion,
    dns,
    edge,
    detectionGlobal,
  };
}

import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/schema';

/** Properties of {@link RecoveryStack}. */
export interface RecoveryStackProps extends StackProps {
  /** The validated stage. */
  readonly config: StageConfig;
}

/**
 * Name of the copy vault in the backup region. It is the one physical name set by
 * hand: the primary region's plan must know it before this stack exists.
 */
export function copyVaultName(c: StageConfig): string {
  return `${c.name}-copy-vault`;
}

/** ARN of the copy vault, built from config so no token crosses regions. */
export function copyVaultArn(c: StageConfig): string {
  return `arn:aws:backup:${c.backupRegion}:${c.account}:backup-vault:${copyVaultName(c)}`;
}

/** Backup region, stateful: the vault that receives the copies (BKP-1, BKP-3, BKP-6). */
export class RecoveryStack extends Stack {
  constructor(scope: Construct, id: string, props: RecoveryStackProps) {
    super(scope, id, props);
  }
}

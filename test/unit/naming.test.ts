import {
  backupVaultArn,
  clusterIdentifier,
  copyVaultName,
  historyCopyVaultName,
  originName,
  postgresLogGroupName,
} from '../../lib/core/naming';

describe('names fixed by hand (the few another region or an earlier resource must know)', () => {
  test('DB-5 the cluster identifier and the log group RDS writes to derive from the stage name', () => {
    expect(clusterIdentifier('prod')).toBe('prod-aurora');
    expect(postgresLogGroupName(clusterIdentifier('prod'))).toBe('/aws/rds/cluster/prod-aurora/postgresql');
  });

  test('BKP-3 the copy vaults of the backup region are named from the stage, their ARNs built from config', () => {
    expect(copyVaultName('prod')).toBe('prod-copy-vault');
    expect(historyCopyVaultName('prod')).toBe('prod-copy-vault-history');
    expect(backupVaultArn('eu-central-1', '111122223333', copyVaultName('prod'))).toBe(
      'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy-vault',
    );
  });

  test('the origin name, on the load balancer certificate, is the origin label under the first domain', () => {
    expect(originName('origin', 'example.com')).toBe('origin.example.com');
  });
});

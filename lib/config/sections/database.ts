import { z } from 'zod';
import {
  DEFAULT_APP_USER,
  DEFAULT_AUDIT_CLASSES,
  DEFAULT_AUDITED_TABLES,
  DEFAULT_BACKUP_WINDOW,
  DEFAULT_DATABASE_NAME,
  DEFAULT_DB_LOG_RETENTION_DAYS,
  DEFAULT_ENGINE_VERSION,
  DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_MASTER_USERNAME,
  DEFAULT_MAX_CAPACITY,
  DEFAULT_MIN_CAPACITY,
  DEFAULT_READ_ONLY_USER,
  DEFAULT_ROTATION_DAYS,
  RESERVED_MASTER_USERNAMES,
  RESERVED_ROLE_PREFIXES,
} from '../../defaults/database';
import { logRetention } from './common';

/** Database options (data tier: DB-1..DB-6, ORG-4, ORG-5). */
export const databaseSchema = z
  .strictObject({
    /** Aurora PostgreSQL engine version, major.minor. */
    engineVersion: z
      .string()
      .regex(/^\d{2}\.\d{1,2}$/, { message: 'must be an Aurora PostgreSQL version such as "16.6"' })
      .default(DEFAULT_ENGINE_VERSION)
      .describe('Aurora PostgreSQL engine version, major.minor.'),
    /** Serverless v2 minimum capacity in ACUs. */
    minCapacity: z
      .number()
      .min(0)
      .max(256)
      .multipleOf(0.5)
      .default(DEFAULT_MIN_CAPACITY)
      .describe('Serverless v2 minimum capacity in ACUs.'),
    /** Serverless v2 maximum capacity in ACUs. */
    maxCapacity: z
      .number()
      .min(1)
      .max(256)
      .multipleOf(0.5)
      .default(DEFAULT_MAX_CAPACITY)
      .describe('Serverless v2 maximum capacity in ACUs.'),
    /** Name of the application database created in the cluster. */
    databaseName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, {
        message: 'must be a PostgreSQL identifier: lowercase letter, then letters, digits or _',
      })
      .default(DEFAULT_DATABASE_NAME)
      .describe('Name of the application database created in the cluster.'),
    /**
     * Master user of the cluster (ORG-7, Control Tower CT.RDS.PR.21): RDS keeps its password in Secrets Manager. A
     * default name (postgres, admin, root...) is refused, a reserved one (rdsadmin, rds*, PostgreSQL key words) always.
     * RDS cannot rename the master user of an existing cluster, and the cluster has a fixed identifier, so
     * CloudFormation cannot replace it either: a stage already deployed keeps its current name through this field
     * (with `keepDeployedMasterUsername` when that name is a default one, such as this project's former "postgres").
     */
    masterUsername: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,15}$/, {
        message:
          'must be what RDS accepts as an Aurora master user: a lowercase letter, then up to 15 lowercase letters or ' +
          'digits, e.g. "bookingadmin"',
      })
      .refine((v) => !RESERVED_MASTER_USERNAMES.includes(v) && !RESERVED_ROLE_PREFIXES.some((p) => v.startsWith(p)), {
        message:
          'is reserved by RDS (rdsadmin, names starting with rds) or PostgreSQL (a key word or role name); choose a ' +
          'name of your own such as "bookingadmin"',
      })
      .default(DEFAULT_MASTER_USERNAME)
      .describe(
        'Master user of the cluster (ORG-7, Control Tower CT.RDS.PR.21): RDS keeps its password in Secrets Manager. A default name (postgres, admin, root...) is refused, a reserved one (rdsadmin, rds*, PostgreSQL key words) always. RDS cannot rename the master user of an existing cluster, and the cluster has a fixed identifier, so CloudFormation cannot replace it either: a stage already deployed keeps its current name through this field (with `keepDeployedMasterUsername` when that name is a default one, such as this project\'s former "postgres").',
      ),
    /**
     * True only for a stage whose cluster already exists with a default master user name (this project's former
     * default was "postgres"): keeps that name, since RDS cannot rename it and the fixed cluster identifier prevents a
     * replacement. The Control Tower report then lists CT.RDS.PR.21 as an exception for the stage.
     */
    keepDeployedMasterUsername: z
      .boolean()
      .default(DEFAULT_KEEP_DEPLOYED_MASTER_USERNAME)
      .describe(
        'True only for a stage whose cluster already exists with a default master user name (this project\'s former default was "postgres"): keeps that name, since RDS cannot rename it and the fixed cluster identifier prevents a replacement. The Control Tower report then lists CT.RDS.PR.21 as an exception for the stage.',
      ),
    /** Database user the application connects as with IAM authentication. */
    appUser: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL identifier' })
      .default(DEFAULT_APP_USER)
      .describe('Database user the application connects as with IAM authentication.'),
    /** Database user for read-only access with IAM authentication. */
    readOnlyUser: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL identifier' })
      .default(DEFAULT_READ_ONLY_USER)
      .describe('Database user for read-only access with IAM authentication.'),
    /** Daily automated backup window, UTC, hh:mm-hh:mm. */
    backupWindow: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
        message: 'must be hh:mm-hh:mm in UTC, e.g. "01:00-01:30"',
      })
      .default(DEFAULT_BACKUP_WINDOW)
      .describe('Daily automated backup window, UTC, hh:mm-hh:mm.'),
    /** Weekly maintenance window, UTC, ddd:hh:mm-ddd:hh:mm. */
    maintenanceWindow: z
      .string()
      .regex(
        /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/,
        {
          message: 'must be ddd:hh:mm-ddd:hh:mm in UTC, e.g. "sun:02:00-sun:03:00"',
        },
      )
      .default(DEFAULT_MAINTENANCE_WINDOW)
      .describe('Weekly maintenance window, UTC, ddd:hh:mm-ddd:hh:mm.'),
    /** Days the PostgreSQL and audit logs stay in CloudWatch Logs. */
    logRetentionDays: logRetention(DEFAULT_DB_LOG_RETENTION_DAYS).describe(
      'Days the PostgreSQL and audit logs stay in CloudWatch Logs.',
    ),
    /**
     * pgaudit statement classes logged (`pgaudit.log`), comma-separated: read, write,
     * function, role, ddl, misc, misc_set, all; a leading `-` excludes a class.
     */
    auditClasses: z
      .string()
      .regex(
        /^-?(read|write|function|role|ddl|misc|misc_set|all)(,-?(read|write|function|role|ddl|misc|misc_set|all))*$/,
        {
          message:
            'must be pgaudit classes separated by commas (read, write, function, role, ddl, misc, misc_set, ' +
            'all), e.g. "ddl,role,write"',
        },
      )
      .refine((v) => v.split(',').some((cls) => !cls.startsWith('-')), {
        message: 'logs nothing: name at least one class to audit, e.g. "ddl,role,write"',
      })
      .default(DEFAULT_AUDIT_CLASSES)
      .describe(
        'pgaudit statement classes logged (`pgaudit.log`), comma-separated: read, write, function, role, ddl, misc, misc_set, all; a leading `-` excludes a class.',
      ),
    /**
     * Tables whose reads are audited too (DB-5), `table` or `schema.table`: pgaudit object audit logs every statement
     * on a table the `rds_pgaudit` role holds a privilege on, so the operator runbook grants that role `SELECT` on each
     * (docs/runbooks/operator-access.md). Each audited read adds a line to the PostgreSQL log (docs/database.md).
     */
    auditedTables: z
      .array(
        z.string().regex(/^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/, {
          message: 'must be a PostgreSQL table name, "table" or "schema.table" in lowercase, e.g. "public.customers"',
        }),
      )
      .refine((v) => new Set(v).size === v.length, { message: 'names a table twice: list each table once' })
      .default([...DEFAULT_AUDITED_TABLES])
      .describe(
        'Tables whose reads are audited too (DB-5), `table` or `schema.table`: pgaudit object audit logs every statement on a table the `rds_pgaudit` role holds a privilege on, so the operator runbook grants that role `SELECT` on each (docs/runbooks/operator-access.md). Each audited read adds a line to the PostgreSQL log (docs/database.md).',
      ),
    /** Days between rotations of the master credential. */
    rotationDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(DEFAULT_ROTATION_DAYS)
      .describe('Days between rotations of the master credential.'),
    /**
     * Switch-over after a restore (OPS-2): a cluster restored outside the stack (by AWS Backup or the console) that the
     * application uses instead of the stack's own. Its endpoint and IAM database identity (resource ID) replace the
     * stack cluster's on the next deploy; nothing is looked up. Remove it once the cluster is brought back under the
     * stack (docs/runbooks/restore.md).
     */
    restoredCluster: z
      .strictObject({
        /** DB cluster identifier of the restored cluster. */
        identifier: z
          .string()
          .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, {
            message: 'must be a DB cluster identifier: a letter, then letters, digits or hyphens',
          })
          .describe('DB cluster identifier of the restored cluster.'),
        /** Its resource ID (`DbClusterResourceId`, cluster-...), which IAM database authentication names. */
        resourceId: z
          .string()
          .regex(/^cluster-[A-Z0-9]{10,40}$/, {
            message: 'must be the cluster resource ID, cluster-ABCDEFGHIJ... (aws rds describe-db-clusters)',
          })
          .describe('Its resource ID (`DbClusterResourceId`, cluster-...), which IAM database authentication names.'),
        /** Its writer endpoint host name. */
        endpoint: z
          .string()
          .regex(/^[a-z0-9.-]+\.rds\.amazonaws\.com$/, {
            message: 'must be the cluster endpoint host name, NAME.cluster-XXXX.REGION.rds.amazonaws.com',
          })
          .describe('Its writer endpoint host name.'),
      })
      .optional()
      .describe(
        "Switch-over after a restore (OPS-2): a cluster restored outside the stack (by AWS Backup or the console) that the application uses instead of the stack's own. Its endpoint and IAM database identity (resource ID) replace the stack cluster's on the next deploy; nothing is looked up. Remove it once the cluster is brought back under the stack (docs/runbooks/restore.md).",
      ),
    /**
     * Disaster path (OPS-2): ARN of a DB cluster snapshot (a copied recovery point in this stage's primary region)
     * from which the stage builds its cluster instead of an empty one. Used by a stage that rebuilds the platform in
     * the backup region.
     */
    restoreFromSnapshotArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster-snapshot:[A-Za-z0-9:_-]+$/, {
        message: 'must be a DB cluster snapshot ARN: arn:aws:rds:REGION:ACCOUNT:cluster-snapshot:NAME',
      })
      .optional()
      .describe(
        "Disaster path (OPS-2): ARN of a DB cluster snapshot (a copied recovery point in this stage's primary region) from which the stage builds its cluster instead of an empty one. Used by a stage that rebuilds the platform in the backup region.",
      ),
  })
  .prefault({})
  .describe('Database options (data tier: DB-1..DB-6, ORG-4, ORG-5).');

export type DatabaseConfig = z.output<typeof databaseSchema>;

import { z } from 'zod';
import {
  DEFAULT_APP_USER,
  DEFAULT_AUDIT_CLASSES,
  DEFAULT_BACKUP_WINDOW,
  DEFAULT_DATABASE_NAME,
  DEFAULT_DB_LOG_RETENTION_DAYS,
  DEFAULT_ENGINE_VERSION,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_MAX_CAPACITY,
  DEFAULT_MIN_CAPACITY,
  DEFAULT_READ_ONLY_USER,
  DEFAULT_ROTATION_DAYS,
} from '../../defaults/database';
import { logRetention } from './common';

/** Database options (data tier: DB-1..DB-6, ORG-4, ORG-5). */
export const databaseSchema = z
  .strictObject({
    /** Aurora PostgreSQL engine version, major.minor. */
    engineVersion: z
      .string()
      .regex(/^\d{2}\.\d{1,2}$/, { message: 'must be an Aurora PostgreSQL version such as "16.6"' })
      .default(DEFAULT_ENGINE_VERSION),
    /** Serverless v2 minimum capacity in ACUs. */
    minCapacity: z.number().min(0).max(256).multipleOf(0.5).default(DEFAULT_MIN_CAPACITY),
    /** Serverless v2 maximum capacity in ACUs. */
    maxCapacity: z.number().min(1).max(256).multipleOf(0.5).default(DEFAULT_MAX_CAPACITY),
    /** Name of the application database created in the cluster. */
    databaseName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, {
        message: 'must be a PostgreSQL identifier: lowercase letter, then letters, digits or _',
      })
      .default(DEFAULT_DATABASE_NAME),
    /** Database user the application connects as with IAM authentication. */
    appUser: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL identifier' })
      .default(DEFAULT_APP_USER),
    /** Database user for read-only access with IAM authentication. */
    readOnlyUser: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL identifier' })
      .default(DEFAULT_READ_ONLY_USER),
    /** Daily automated backup window, UTC, hh:mm-hh:mm. */
    backupWindow: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
        message: 'must be hh:mm-hh:mm in UTC, e.g. "01:00-01:30"',
      })
      .default(DEFAULT_BACKUP_WINDOW),
    /** Weekly maintenance window, UTC, ddd:hh:mm-ddd:hh:mm. */
    maintenanceWindow: z
      .string()
      .regex(
        /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/,
        {
          message: 'must be ddd:hh:mm-ddd:hh:mm in UTC, e.g. "sun:02:00-sun:03:00"',
        },
      )
      .default(DEFAULT_MAINTENANCE_WINDOW),
    /** Days the PostgreSQL and audit logs stay in CloudWatch Logs. */
    logRetentionDays: logRetention(DEFAULT_DB_LOG_RETENTION_DAYS),
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
      .default(DEFAULT_AUDIT_CLASSES),
    /** Days between rotations of the master credential. */
    rotationDays: z.number().int().min(1).max(60).default(DEFAULT_ROTATION_DAYS),
  })
  .prefault({});

export type DatabaseConfig = z.output<typeof databaseSchema>;

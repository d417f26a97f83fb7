/**
 * The restore validator's metrics (BKP-5): what the handler writes and the alarms of
 * lib/constructs/backup/restore-testing.ts read, named once. No dependency: the construct imports it too.
 */

/** CloudWatch namespace of the validator's metrics; they carry no dimension. */
export const RESTORE_VALIDATION_NAMESPACE = 'RestoreValidation';

/** The validator's metrics: one count per validation or invocation outcome. */
export const RESTORE_VALIDATION_METRICS = ['Failed', 'Succeeded', 'InstanceNotReady', 'ValidatorErrors'] as const;

/** The name of one of the validator's metrics. */
export type RestoreValidationMetric = (typeof RESTORE_VALIDATION_METRICS)[number];

/**
 * One log line in the CloudWatch embedded metric format: a single JSON object on one line, the metrics as root
 * members, no dimension (`Dimensions: [[]]`), the timestamp in milliseconds.
 */
export function emfLine(values: Partial<Record<RestoreValidationMetric, number>>, timestamp: number): string {
  const document = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: RESTORE_VALIDATION_NAMESPACE,
          Dimensions: [[]],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    ...values,
  };
  return `${JSON.stringify(document)}\n`;
}

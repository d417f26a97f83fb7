import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  DEFAULT_BOUNCE_RATE_ALARM,
  DEFAULT_COMPLAINT_RATE_ALARM,
  DEFAULT_HOURLY_SEND_ALARM,
} from '../../defaults/mail';
import { AlertTopicTarget } from '../alert-topic';

/** The sending events that need a human: everything that is not a normal send or delivery. */
export const ALERT_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.RENDERING_FAILURE,
];

/** `eventType` of the same events in the records SES publishes (they differ from the API's enum). */
export const ALERT_EVENT_TYPES = ['Bounce', 'Complaint', 'Reject', 'DeliveryDelay', 'Rendering Failure'] as const;

/** SES tags every event published through a configuration set with its name. */
const CONFIGURATION_SET_TAG = 'ses:configuration-set';

/** Reputation and volume metrics are published once per period; an hour smooths single bounces. */
const ALARM_PERIOD = Duration.hours(1);

/** Properties of {@link SendingGuard}. */
export interface SendingGuardProps {
  /** The team's alert topic; its key admits EventBridge and CloudWatch alarms (DET-3). */
  readonly alertTopic: sns.ITopic;
  /**
   * Alarm when the account's bounce rate exceeds this fraction.
   * @default DEFAULT_BOUNCE_RATE_ALARM (0.04)
   */
  readonly bounceRateAlarm?: number;
  /**
   * Alarm when the account's complaint rate exceeds this fraction.
   * @default DEFAULT_COMPLAINT_RATE_ALARM (0.0008)
   */
  readonly complaintRateAlarm?: number;
  /**
   * Alarm when more messages than this are sent in one hour.
   * @default DEFAULT_HOURLY_SEND_ALARM (5000)
   */
  readonly hourlySendAlarm?: number;
}

/**
 * The configuration set every sender uses and the alarms that watch sending
 * (MAIL-3): TLS required for delivery, reputation metrics, suppression of
 * addresses that bounced or complained, problem events routed through the
 * EventBridge default bus to the team's topic, and alarms on bounce rate,
 * complaint rate and hourly volume.
 *
 * EventBridge rather than an SNS event destination: SES would publish to the
 * encrypted alert topic as `ses.amazonaws.com`, which its key does not admit, while
 * the key already admits `events.amazonaws.com`; the rule also turns the raw event
 * into a readable message.
 */
export class SendingGuard extends Construct {
  /** The configuration set; name it in every SendEmail call (the identities also default to it). */
  readonly configurationSet: ses.ConfigurationSet;
  /** Routes problem events of the configuration set to the alert topic. */
  readonly eventRule: events.Rule;
  /** Bounce rate, complaint rate and hourly volume alarms. */
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SendingGuardProps) {
    super(scope, id);
    this.configurationSet = this.createConfigurationSet();
    this.eventRule = this.routeProblemEvents(props.alertTopic);
    this.alarms = this.createAlarms(props);
  }

  /** MAIL-3: TLS for delivery, reputation tracking, suppression of bad addresses, problem events to the bus. */
  private createConfigurationSet(): ses.ConfigurationSet {
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [...ALERT_EVENTS],
    });
    return configurationSet;
  }

  /** The rule that turns this configuration set's problem events into a message to the team. */
  private routeProblemEvents(alertTopic: sns.ITopic): events.Rule {
    const field = (path: string) => events.EventField.fromPath(path);
    const rule = new events.Rule(this, 'ProblemEvents', {
      description:
        'SES bounces, complaints, rejects, delivery delays and rendering failures of the mail configuration ' +
        'set, to the team',
      eventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: [...ALERT_EVENT_TYPES],
          mail: { tags: { [CONFIGURATION_SET_TAG]: [this.configurationSet.configurationSetName] } },
        },
      },
    });
    // Recipient addresses are left out of the alert on purpose (personal data in an
    // email inbox); the message id finds them in SES and in the application's log.
    rule.addTarget(
      new AlertTopicTarget(alertTopic, {
        message: events.RuleTargetInput.fromText(
          `SES ${field('$.detail.eventType')} for message ${field('$.detail.mail.messageId')} ` +
            `sent ${field('$.detail.mail.timestamp')} from ${field('$.detail.mail.source')} ` +
            `(account ${events.EventField.account}, region ${events.EventField.region}). ` +
            'Repeated bounces or complaints stop sending for the whole account: find the cause in the ' +
            'application before it does.',
        ),
      }),
    );
    return rule;
  }

  /** MAIL-3: abuse alarms on the account's bounce rate, complaint rate and hourly volume. */
  private createAlarms(props: SendingGuardProps): cloudwatch.Alarm[] {
    const bounceRate = props.bounceRateAlarm ?? DEFAULT_BOUNCE_RATE_ALARM;
    const complaintRate = props.complaintRateAlarm ?? DEFAULT_COMPLAINT_RATE_ALARM;
    const hourlySend = props.hourlySendAlarm ?? DEFAULT_HOURLY_SEND_ALARM;
    const alarms = [
      this.alarm(
        'BounceRateAlarm',
        'Reputation.BounceRate',
        'Maximum',
        bounceRate,
        `SES bounce rate above ${pct(bounceRate)}: SES reviews the account at 5 % and pauses sending at 10 %.`,
      ),
      this.alarm(
        'ComplaintRateAlarm',
        'Reputation.ComplaintRate',
        'Maximum',
        complaintRate,
        `SES complaint rate above ${pct(complaintRate)}: SES reviews the account at 0.1 % and pauses sending at 0.5 %.`,
      ),
      this.alarm(
        'HourlySendAlarm',
        'Send',
        'Sum',
        hourlySend,
        `More than ${hourlySend} emails sent in one hour: possible email bombing through a sending endpoint, ` +
          'or a runaway job.',
      ),
    ];
    const action = new cwActions.SnsAction(props.alertTopic);
    for (const a of alarms) a.addAlarmAction(action);
    return alarms;
  }

  /** One account-wide SES metric above `threshold` within an hour. */
  private alarm(
    id: string,
    metricName: string,
    statistic: string,
    threshold: number,
    description: string,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      // No dimension: SES reviews and pauses the whole account on these rates.
      metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period: ALARM_PERIOD }),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No mail sent means no data, which is not a problem.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  }
}

function pct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))} %`;
}

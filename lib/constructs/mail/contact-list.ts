import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { invalidProps } from '../../defaults/errors';
import { DEFAULT_MAIL_TOPICS, DEFAULT_TOPIC_SUBSCRIPTION } from '../../defaults/mail';

/** One subscription topic of the contact list. */
export interface ContactListTopic {
  /** Topic name the application passes as `ListManagementOptions.TopicName`. */
  readonly name: string;
  /** Name shown to the recipient on the SES-hosted subscription preferences page. */
  readonly displayName: string;
  /**
   * Whether a contact who never chose is subscribed (OPT_IN) or not (OPT_OUT).
   * @default DEFAULT_TOPIC_SUBSCRIPTION ('OPT_IN')
   */
  readonly defaultSubscription?: 'OPT_IN' | 'OPT_OUT';
}

/** Properties of {@link UnsubscribeList}. */
export interface UnsubscribeListProps {
  /**
   * Subscription topics; at least one.
   * @default DEFAULT_MAIL_TOPICS (booking-notifications, opt-in; club-news, opt-out)
   */
  readonly topics?: readonly ContactListTopic[];
}

/**
 * The SES contact list with its topics (MAIL-2). A message sent with
 * `ListManagementOptions` naming this list and a topic gets the one-click
 * `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058) from SES, and
 * SES then refuses to send that topic to a contact who unsubscribed.
 *
 * SES allows one contact list per account and region, so its name is left to
 * CloudFormation and the stack creates it only when config says so.
 */
export class UnsubscribeList extends Construct {
  /** The contact list. */
  readonly contactList: ses.CfnContactList;

  constructor(scope: Construct, id: string, props: UnsubscribeListProps = {}) {
    super(scope, id);
    const topics = props.topics ?? DEFAULT_MAIL_TOPICS;
    if (topics.length === 0) invalidProps(this, 'a contact list needs at least one topic');
    this.contactList = new ses.CfnContactList(this, 'Resource', {
      description:
        'Recipients of the platform and the topics they subscribed to; SES adds one-click unsubscribe headers from it',
      topics: topics.map((t) => ({
        topicName: t.name,
        displayName: t.displayName,
        defaultSubscriptionStatus: t.defaultSubscription ?? DEFAULT_TOPIC_SUBSCRIPTION,
      })),
    });
  }
}

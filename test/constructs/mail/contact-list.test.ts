import { Template } from 'aws-cdk-lib/assertions';
import { UnsubscribeList } from '../../../lib/constructs/mail/contact-list';
import { testStack } from '../../helpers';

describe('MAIL-2 UnsubscribeList', () => {
  test('defaults: the booking-notifications (opt-in) and club-news (opt-out) topics', () => {
    const stack = testStack();
    new UnsubscribeList(stack, 'Unsubscribe');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SES::ContactList', 1);
    template.hasResourceProperties('AWS::SES::ContactList', {
      Topics: [
        {
          TopicName: 'booking-notifications',
          DisplayName: 'Booking confirmations and reminders',
          DefaultSubscriptionStatus: 'OPT_IN',
        },
        { TopicName: 'club-news', DisplayName: 'News from your club', DefaultSubscriptionStatus: 'OPT_OUT' },
      ],
    });
  });

  test('given topics, a topic without a default subscription is opt-in', () => {
    const stack = testStack();
    new UnsubscribeList(stack, 'Unsubscribe', { topics: [{ name: 'alerts', displayName: 'Alerts' }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SES::ContactList', {
      Topics: [{ TopicName: 'alerts', DisplayName: 'Alerts', DefaultSubscriptionStatus: 'OPT_IN' }],
    });
  });

  test('a list without topics is refused', () => {
    expect(() => new UnsubscribeList(testStack(), 'Unsubscribe', { topics: [] })).toThrow(
      /Test\/Unsubscribe: a contact list needs at least one topic/,
    );
  });
});

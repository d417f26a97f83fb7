import { asArray, field } from '../model/json';
import { configNote, ev, propsOf, type Res, resources } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'MAIL-2';

export const mail2: Claim = {
  id: ID,
  promise: 'unsubscribe links',
  declared: 'an SES contact list with topics, for list-unsubscribe handling',
  check: (m) => {
    const v = new Verdict(ID);
    v.need(resources(m, 'AWS::SES::ConfigurationSet').length > 0, 'no SES configuration set');
    if (m.config.mail.contactList === 'create') {
      const lists = resources(m, 'AWS::SES::ContactList');
      const topicsOf = (l: Res) => asArray(propsOf(l).Topics);
      for (const l of lists)
        v.add(
          ev(
            l,
            'Topics',
            topicsOf(l).map((t) => field(t, 'TopicName')),
          ),
        );
      v.need(
        lists.some((l) => topicsOf(l).length > 0),
        'no SES contact list with topics',
      );
    } else v.add(configNote('mail.contactList', 'contactList', 'none (owned by another stack of the account)'));
    return v.done(
      'An SES contact list with topics and a configuration set: SES adds one-click List-Unsubscribe headers to ' +
        'every email sent with list management.',
    );
  },
  page: [
    {
      section: 'email',
      text: () => 'Every marketing or notification email carries a one-click unsubscribe link.',
    },
  ],
};

import { note, resources } from '../model/query';
import { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'ORG-6';

export const org6: Claim = {
  id: ID,
  promise: 'payments never touch our systems (PCI)',
  declared: 'no card data stored; the cdk-nag PCI DSS pack passes; the report explains scope',
  check: (m) => {
    const v = new Verdict(ID);
    const pci = m.nag?.find((p) => p.pack === 'PCI.DSS.321');
    if (!pci) {
      v.need(false, 'the PCI DSS 3.2.1 pack was not run');
      return v.done('');
    }
    const counts = `${pci.rulesChecked} / ${pci.findings.length} / ${pci.acknowledgments.length}`;
    v.add(note('(cdk-nag)', 'PCI.DSS.321', 'nag pack', 'rules checked / open findings / acknowledgments', counts));
    v.need(pci.findings.length === 0, `${pci.findings.length} open PCI DSS 3.2.1 findings`);
    const payment = resources(m, ['AWS::PaymentCryptography::Key', 'AWS::DynamoDB::Table']).filter((x) =>
      /card|pan|payment/i.test(x.id),
    );
    v.need(payment.length === 0, `resources that look like card storage: ${payment.map((x) => x.id).join(', ')}`);
    return v.done(
      "Card data never reaches the platform: payments are redirected to the customer's gateway (PayPal, Paybox " +
        'Verifone), which returns a token; no resource stores card data; the cdk-nag PCI DSS 3.2.1 pack passes ' +
        'with no open finding.',
    );
  },
  page: [
    {
      section: 'organisation',
      text: () =>
        '**Payments.** Card data never touches our systems: payment pages are served by your payment gateway ' +
        '(PayPal, Paybox Verifone), which returns only a token to us. Our infrastructure passes the PCI DSS 3.2.1 ' +
        'rule pack of cdk-nag.',
    },
  ],
};

import { behaviors, cloudFront } from '../model/edge';
import { asArray, field } from '../model/json';
import { ev, prop, propsOf, type Res, resolve, text } from '../model/query';
import type { StageModel } from '../model/types';
import type { Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'EDGE-7';

/** Every behavior runs a cloudfront-js-2.0 function on viewer response that hardens cookies. */
function checkDistribution(m: StageModel, v: Verdict, d: Res): void {
  for (const { name, b } of behaviors(d)) {
    const fa = asArray(b.FunctionAssociations).filter((f) => field(f, 'EventType') === 'viewer-response');
    const fns = fa
      .map((f) => resolve(m, d.stack, field(f, 'FunctionARN')))
      .filter((f): f is Res => f?.r.Type === 'AWS::CloudFront::Function');
    v.add(
      ev(
        d,
        `DistributionConfig.${name}.FunctionAssociations`,
        fa.map((f) => text(field(f, 'FunctionARN'))),
      ),
    );
    if (!v.need(fns.length > 0, `${name} of ${d.id} has no viewer-response cookie function`)) continue;
    for (const f of fns) {
      const code = String(propsOf(f).FunctionCode ?? '');
      v.add(ev(f, 'FunctionConfig.Runtime'));
      v.need(prop(f, 'FunctionConfig.Runtime') === 'cloudfront-js-2.0', `${f.id} is not on cloudfront-js-2.0`);
      v.need(
        /set-cookie|cookies/i.test(code) && /Secure/.test(code) && /HttpOnly/i.test(code),
        `${f.id} does not add Secure and HttpOnly to cookies`,
      );
    }
  }
}

export const edge7: Claim = {
  id: ID,
  promise: 'cookies always HttpOnly and Secure',
  declared:
    'a CloudFront Function on viewer response that adds `Secure`, `HttpOnly` (and `SameSite`) to every ' +
    "Set-Cookie missing them; the function's code has its own unit tests",
  check: (m) =>
    cloudFront(
      m,
      ID,
      (v, d) => checkDistribution(m, v, d),
      'A CloudFront Function on viewer response adds Secure, HttpOnly and SameSite to every Set-Cookie that ' +
        'lacks them, on every behavior.',
    ),
  page: [
    {
      section: 'website',
      text: () =>
        '**Cookies** are always marked Secure, HttpOnly and SameSite by our CDN, whatever the application sends.',
    },
  ],
};

import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';

/** The baseline of every topic: encrypted with a customer key, publishing over TLS only. */
export function encryptedTopicProps(masterKey: kms.IKey, displayName: string): sns.TopicProps {
  return { masterKey, displayName, enforceSSL: true };
}

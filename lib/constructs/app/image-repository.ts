import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { DEFAULT_MAX_IMAGE_COUNT, DEFAULT_UNTAGGED_IMAGE_DAYS } from '../../defaults/app';

/** Properties of {@link ImageRepository}. */
export interface ImageRepositoryProps {
  /**
   * Days an untagged image (layers of an interrupted push) is kept.
   * @default DEFAULT_UNTAGGED_IMAGE_DAYS (7)
   */
  readonly untaggedImageDays?: number;
  /**
   * Images the repository keeps at most; the oldest beyond are expired.
   * @default DEFAULT_MAX_IMAGE_COUNT (100)
   */
  readonly maxImageCount?: number;
}

/**
 * ORG-7: the stage's own image repository. Tags are immutable, so a tag names one image for good and the task runs
 * exactly what was pushed and reviewed; every push is scanned; images are encrypted with KMS (the AWS managed
 * `aws/ecr` key: ECR decrypts through its own grant, no key policy to keep); retained with the stage's data.
 */
export class ImageRepository extends Construct {
  /** The repository. */
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps = {}) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          description: 'Untagged layers of interrupted pushes',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(props.untaggedImageDays ?? DEFAULT_UNTAGGED_IMAGE_DAYS),
          rulePriority: 1,
        },
        {
          description: 'Keep the newest images only',
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount: props.maxImageCount ?? DEFAULT_MAX_IMAGE_COUNT,
          rulePriority: 2,
        },
      ],
    });
  }
}

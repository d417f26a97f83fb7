// Default values of the application tier, named once: the `app` config section uses them as its zod
// defaults, FargateApp as its `@default`s. CDK-free on purpose (the schema generator imports it).

/** The stage's own ECR repository (immutable tags), as `app.image` names it: `{ repository: 'own', tag }`. */
export interface OwnRepositoryImage {
  /** The stage's own repository, which the App stack creates. */
  readonly repository: 'own';
  /** Tag of the image in that repository; tags are immutable, so the tag names one image for good. */
  readonly tag: string;
}

/**
 * The application image (ORG-7): the stage's own repository at tag 1.0.0. docs/app-tier.md says how to push the
 * placeholder there (nginx-unprivileged, retagged) before the service runs.
 */
export const DEFAULT_APP_IMAGE: OwnRepositoryImage = { repository: 'own', tag: '1.0.0' };

/** An image reference pinned by digest: `<registry>/<path>[:tag]@sha256:<64 hex>` (ORG-7). */
export const DIGEST_PINNED_IMAGE =
  /^([a-z0-9][a-z0-9.-]*(:\d+)?\/)?[a-z0-9._/-]+(:[\w][\w.-]{0,127})?@sha256:[0-9a-f]{64}$/;

/** Untagged images (layers of an interrupted push) expire after this many days. */
export const DEFAULT_UNTAGGED_IMAGE_DAYS = 7;

/** Images the repository keeps at most: the oldest beyond this are expired. */
export const DEFAULT_MAX_IMAGE_COUNT = 100;

/**
 * User the container runs as, `uid:gid` (ORG-7, Control Tower CT.ECS.PR.3): the placeholder image's own unprivileged
 * user, `nginx` (uid 101, group 101), as its Dockerfile sets it (`USER 101`).
 */
export const DEFAULT_CONTAINER_USER = '101:101';

/** Port the placeholder image listens on: unprivileged, so the container needs no capability. */
export const DEFAULT_CONTAINER_PORT = 8080;

/** Fargate CPU units of a task: the smallest size. */
export const DEFAULT_TASK_CPU = 256;

/** Fargate memory of a task in MiB: the smallest size for {@link DEFAULT_TASK_CPU}. */
export const DEFAULT_TASK_MEMORY_MIB = 512;

/** Tasks the service keeps running. */
export const DEFAULT_DESIRED_COUNT = 2;

/** Path of the target health check. */
export const DEFAULT_HEALTH_CHECK_PATH = '/';

/** Containers run with a read-only root filesystem unless the image cannot. */
export const DEFAULT_READONLY_ROOT_FILESYSTEM = true;

/** Where the placeholder image (nginx, unprivileged) writes its pid and temporary files. */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp'];

/** Days application logs are kept. */
export const DEFAULT_APP_LOG_RETENTION_DAYS = 365;

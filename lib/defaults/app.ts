// Default values of the application tier, named once: the `app` config section uses them as its zod
// defaults, FargateApp as its `@default`s. CDK-free on purpose (the schema generator imports it).

/** The placeholder image: nginx built to run as an unprivileged user on an unprivileged port. */
export const DEFAULT_APP_IMAGE = 'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine';

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

import { ValidationError } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

// aws-cdk-lib's own error for invalid construct input: the CLI prints it with the construct path, as it
// prints the library's errors. Its name parameter is a branded literal type meant for the library's
// sources; this one name is the only value passed.
const NAME = 'InvalidProps' as unknown as ConstructorParameters<typeof ValidationError>[0];

/**
 * The one way a construct or stack of this project refuses its props: throws at construction time, before
 * anything is synthesized, with the construct path and a message that names the prop and the fix.
 * (Stage config is validated before any construct exists, so these fire only on programming errors.)
 */
export function invalidProps(scope: IConstruct, message: string): never {
  throw new ValidationError(NAME, `${scope.node.path}: ${message}`, scope);
}

// The one table from domain errors (thrown by repositories, which know
// nothing of HTTP) to the answers the contract gives for them.
import { AttributeNameTakenError } from '../repositories/recipe-attributes.ts';
import { StorageUnavailableError } from '../media/media-storage.ts';
import { EmailTakenError, MissingEmailError } from '../repositories/user-errors.ts';
import { type HttpError, storageUnavailable, validationError } from './errors.ts';

export function domainErrorAsHttp(error: unknown): HttpError | undefined {
  if (error instanceof EmailTakenError) return validationError({ email: [error.message] });
  if (error instanceof MissingEmailError) return validationError({ email: ['This field is required.'] });
  if (error instanceof AttributeNameTakenError) return validationError({ name: [error.message] });
  // Logged with its cause where it was raised (lib/media/s3-storage.ts).
  if (error instanceof StorageUnavailableError) return storageUnavailable();
  return undefined;
}

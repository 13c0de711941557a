// What the users repository refuses, apart from it: the HTTP error table
// (lib/http/domain-errors.ts), which every function loads, must not load the
// repository and with it the password hasher's native addon.
export class MissingEmailError extends Error {
  override name = 'MissingEmailError';
  constructor() {
    super('Users must have an email address.');
  }
}

/** DRF's UniqueValidator message for the email, whether validation or the unique index finds it taken. */
export const emailTakenMessage = 'user with this email already exists.';

/** Another account already has this email, compared case-insensitively. */
export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor() {
    super(emailTakenMessage);
  }
}

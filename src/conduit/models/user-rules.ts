// Rules on user data shared by every backend. The spec states the same limits for clients;
// these keep stored data sound whatever path it arrives by.
import { ValidationError } from './domain-errors.js';

export const USERNAME_MAX = 40;
// Control characters are exactly what the pattern excludes.
// eslint-disable-next-line no-control-regex
const USERNAME_PATTERN = /^[^\s\x00-\x1f\x7f/\\?#%]+$/u;

/** Emails compare ignoring case, so they are stored lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Usernames keep their case for display but are unique ignoring it. */
export const usernameKey = (username: string): string => username.toLowerCase();

/** An empty string clears an optional text field. */
export const emptyToNull = (value: string | null | undefined): string | null | undefined =>
  value === '' ? null : value;

export function checkUsername(username: string): void {
  if (username.length === 0 || username.length > USERNAME_MAX || !USERNAME_PATTERN.test(username)) {
    throw new ValidationError({ username: ['is invalid'] });
  }
}

/**
 * Lengths the server's schemas hold, for forms to say and stop at the same
 * ones. No schemas here: the client bundles this.
 */
export const PERSON_NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

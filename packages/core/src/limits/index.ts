/**
 * Limits on account input, stated once for every place that enforces or announces them
 * (the server's password check, the web app's setup, user and password forms).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

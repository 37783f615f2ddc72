/**
 * Limits on account input, stated once for every place that enforces or announces them
 * (the server's password check, the web app's setup, user and password forms).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Every request body the server takes, JSON or a workbook (a budget at the line limit is a few
 * hundred KB of JSON); the web app holds a workbook taken out of a zip to the same size.
 */
export const BODY_LIMIT = 2 * 1024 * 1024;

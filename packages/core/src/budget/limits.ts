/** Size limits of the budget format, shared by the validator and the JSON Schema. */
export const MAX_SERVICE_LINES = 200_000;
export const MAX_NONLABOR_ITEMS = 10_000;
export const MAX_TEXT = 2_000;
export const MAX_NAME = 200;
/** Largest budget text accepted (a 200,000-line budget is about 20 MB of JSON). */
export const MAX_BUDGET_BYTES = 64 * 1024 * 1024;

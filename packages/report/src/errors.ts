/**
 * The one error class of the report package. Its message is a complete Chinese sentence that
 * says what is wrong and what to do; callers (CLI, server) print it as is, never a stack trace.
 */
export type ReportErrorCode =
  /** No Chromium at the path tried. */
  | "chromium_missing"
  /** fontconfig lists no font covering Chinese: the PDF would show boxes. */
  | "cjk_font_missing"
  /** Chromium is there but could not start or print. */
  | "chromium_failed"
  /** An option of renderReportHtml/renderReportPdf is not one of the allowed values. */
  | "bad_option"
  /** The estimate does not belong to the standard passed in. */
  | "bad_estimate";

export class ReportError extends Error {
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportError";
    this.code = code;
  }
}

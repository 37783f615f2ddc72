/**
 * @govcost/report — the printable report of an estimate: self-contained HTML (测算说明, 测算表,
 * SVG charts) and PDF through the system's Chromium.
 */
export { renderReportHtml, displayRoundingText, REPORT_CSP, type ReportHtmlOptions } from "./html.js";
export { renderReportPdf, chromiumPathFrom, hasCjkFont, CHROMIUM_ARGS, type ReportPdfOptions } from "./pdf.js";
export { ReportError, type ReportErrorCode } from "./errors.js";
export { distributeRounded, sharesInPermille, formatPermille, type Distribution } from "./distribute.js";
export { computeFigures, type Figure, type ShownFigures } from "./figures.js";
export { barChart, donutChart, type ChartDatum } from "./charts.js";
export { esc as escapeHtml } from "./format.js";
export { renderReviewHtml, scaleEffectText, type ReviewHtmlOptions } from "./review-html.js";

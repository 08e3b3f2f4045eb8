/**
 * Document generation in the main process: DOCX (from the document model or a firm's Word template),
 * PDF (document model, attendance sheet, certificate), charts, electronic signatures, hashes.
 */
export { renderDocx } from './docx-renderer.js';
export type { DocxFirm, DocxRenderOptions } from './docx-renderer.js';
export { checkWordTemplate, fillWordTemplate, inspectWordTemplate } from './word-template.js';
export type { FillWordTemplateOptions, WordTemplateCheck } from './word-template.js';
export { renderScoresChart, scoresChartSvg } from './chart.js';
export type { ChartCategory, ScoresChartOptions } from './chart.js';
export { renderBlocksPdf } from './pdf/blocks-to-pdf.js';
export type { BlocksPdfOptions } from './pdf/blocks-to-pdf.js';
export { renderAttendanceSheet } from './pdf/attendance-sheet.js';
export type { AttendanceSession, AttendanceSheetData, PdfRenderOptions } from './pdf/attendance-sheet.js';
export { renderCertificate } from './pdf/certificate.js';
export type { CertificateData } from './pdf/certificate.js';
export type { PdfFirm } from './pdf/pdf-layout.js';
export { readPdfSignatures, signPdf, verifySignatureChain, verifySignedPdf } from './signature.js';
export type { EmbeddedSignatureRecord, SignPdfInput, SignatureProof, SignatureVerification } from './signature.js';
export { isSha256Hex, sha256File, sha256Hex } from './hash.js';
export { loadFonts, resolveFontsDir } from './fonts.js';

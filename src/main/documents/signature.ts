/**
 * Simple electronic signature of PDFs (signature_method 'electronic'), with a verifiable proof.
 *
 * Signing appends an INCREMENTAL UPDATE to the PDF: the bytes the signer saw are kept unchanged as a
 * prefix of the signed file, and the update adds a visible signature block (on a "Signatures
 * électroniques" page at the end: the signature image, the signer's name and role, the date and time
 * in Europe/Paris, the device, and the SHA-256 of the document as presented) and a record of the
 * signature in the PDF metadata (Keywords, `jalon-signature:<base64url JSON>`).
 *
 * The proof (`SignatureProof`, stored in document_signatures.signature_proof) holds the SHA-256 and
 * size of the content signed and of the signed file. Because every signature is an appended revision,
 * several signers in sequence (beneficiary, then consultant) each get a proof, and each proof still
 * verifies on the final file:
 *  - the signed file of the proof must be, byte for byte, the beginning of the file checked;
 *  - anything after it must be later Jalon signatures, each recorded in the file and made on exactly
 *    the previous signed version (a chain of hashes).
 * Any other change (a byte modified, the file re-saved, a page altered) makes the proof invalid.
 * What lies after the last signature can only be vouched for by that signature's own proof: check a
 * document with all its proofs (`verifySignatureChain`), which requires the last one to cover the whole file.
 *
 * This is an electronic signature with integrity evidence, not a qualified (eIDAS/PAdES) signature.
 */
import {
  PDFCrossRefSection,
  PDFCrossRefStream,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFTrailer,
  PDFTrailerDict,
  rgb,
} from 'pdf-lib';
import type { PDFFont, PDFObject, PDFPage, PDFRef } from 'pdf-lib';
import { formatDateTimeFr, toParisDateTime } from '../../shared/domain/templates/french-formatter.js';
import { ValidationError } from '../../shared/errors.js';
import { loadFonts } from './fonts.js';
import { isSha256Hex, sha256Hex } from './hash.js';
import { fitInside, pngSize } from './png-info.js';
import { embedSharedFont, wrapRuns, drawLine } from './pdf/pdf-layout.js';
import { drawPdfImage, embedPng, printPixels } from './pdf/png-embed.js';

export interface SignPdfInput {
  readonly signerName: string;
  /** "Bénéficiaire", "Consultant(e)", "Employeur"… */
  readonly signerRole: string;
  /** ISO instant of the signature. */
  readonly signedAtIso: string;
  readonly signatureImagePng: Uint8Array;
  /** Device / application description (e.g. "Jalon 0.1 – Windows 11 – poste de Julien Lefèvre"). */
  readonly deviceInfo: string;
  readonly fontsDir?: string;
}

export interface SignatureProof {
  readonly version: 1;
  readonly method: 'electronic';
  /** Position of the signature in the file (1 = first signer). */
  readonly sequence: number;
  readonly signerName: string;
  readonly signerRole: string;
  /** ISO instant (UTC). */
  readonly signedAt: string;
  readonly deviceInfo: string;
  /** SHA-256 of the document as presented to the signer (the input of `signPdf`). */
  readonly contentSha256: string;
  readonly contentSize: number;
  readonly signatureImageSha256: string;
  /** SHA-256 of the file produced by `signPdf`. */
  readonly signedFileSha256: string;
  readonly signedFileSize: number;
}

export interface SignatureVerification {
  readonly valid: boolean;
  /** Why it is invalid: malformed_proof, file_changed, proof_not_in_file, modified_after_signature. */
  readonly reason?: string;
  /** True when the proof covers the whole file (it is the last signature). */
  readonly coversWholeFile?: boolean;
  /** Number of later signatures appended after this one. */
  readonly laterSignatures?: number;
}

/** The record embedded in the PDF (the proof minus the signed file's own hash, which cannot be inside it). */
export interface EmbeddedSignatureRecord {
  readonly v: 1;
  readonly seq: number;
  readonly signerName: string;
  readonly signerRole: string;
  readonly signedAt: string;
  readonly deviceInfo: string;
  readonly method: 'electronic';
  readonly contentSha256: string;
  readonly contentSize: number;
  readonly signatureImageSha256: string;
  /** Where the visible block is: page index (0-based) and slot on that page. */
  readonly page: number;
  readonly slot: number;
}

const KEYWORD_PREFIX = 'jalon-signature:';
const SLOTS_PER_PAGE = 4;
const BLOCK_HEIGHT = 150;
const BLOCK_GAP = 14;
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const TEXT = rgb(0.15, 0.19, 0.25);
const MUTED = rgb(0.42, 0.46, 0.52);
const BORDER = rgb(0.66, 0.71, 0.78);
const TITLE = rgb(0.12, 0.23, 0.37);
const SIGNATURE_BOX = { width: 170, height: 80 };

const encoder = new TextEncoder();

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function fromBase64Url(text: string): string {
  return Buffer.from(text, 'base64url').toString('utf8');
}

function isRecord(value: unknown): value is EmbeddedSignatureRecord {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return (
    r.v === 1 &&
    Number.isInteger(r.seq) &&
    typeof r.signerName === 'string' &&
    typeof r.signedAt === 'string' &&
    isSha256Hex(r.contentSha256) &&
    Number.isInteger(r.contentSize) &&
    Number.isInteger(r.page) &&
    Number.isInteger(r.slot)
  );
}

function recordsFromKeywords(keywords: string | undefined): EmbeddedSignatureRecord[] {
  const records: EmbeddedSignatureRecord[] = [];
  for (const token of (keywords ?? '').split(/\s+/)) {
    if (!token.startsWith(KEYWORD_PREFIX)) continue;
    try {
      const parsed: unknown = JSON.parse(fromBase64Url(token.slice(KEYWORD_PREFIX.length)));
      if (isRecord(parsed)) records.push(parsed);
    } catch {
      // Not one of ours: ignored.
    }
  }
  return records.sort((a, b) => a.seq - b.seq);
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    throw new ValidationError('pdf', 'invalid_pdf', `Not a readable PDF: ${(error as Error).message}`);
  }
}

/** The Jalon signatures recorded in a PDF, in order. */
export async function readPdfSignatures(pdfBytes: Uint8Array): Promise<EmbeddedSignatureRecord[]> {
  const doc = await loadPdf(pdfBytes);
  return recordsFromKeywords(doc.getKeywords());
}

function serialise(object: PDFObject): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

function refKey(ref: PDFRef): string {
  return `${ref.objectNumber} ${ref.generationNumber}`;
}

/** Offset of the last cross-reference section (the number after the last "startxref"). */
function lastXrefOffset(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  const match = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
  if (!match?.[1]) throw new ValidationError('pdf', 'invalid_pdf', 'No startxref in the PDF');
  return Number(match[1]);
}

/** The highest object number the file uses ("N G obj" headers and trailer /Size). */
function highestObjectNumber(bytes: Uint8Array): number {
  const text = Buffer.from(bytes).toString('latin1');
  let highest = 0;
  for (const match of text.matchAll(/(?:^|[\r\n])(\d{1,7})\s+\d{1,5}\s+obj\b/g))
    highest = Math.max(highest, Number(match[1]));
  for (const match of text.matchAll(/\/Size\s+(\d{1,7})\b/g)) highest = Math.max(highest, Number(match[1]) - 1);
  return highest;
}

function isXrefTableAt(bytes: Uint8Array, offset: number): boolean {
  const head = Buffer.from(bytes.subarray(offset, offset + 16)).toString('latin1');
  return /^\s*xref/.test(head);
}

class ByteBuilder {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  pushObject(write: { sizeInBytes(): number; copyBytesInto(buffer: Uint8Array, offset: number): number }): void {
    const bytes = new Uint8Array(write.sizeInBytes());
    write.copyBytesInto(bytes, 0);
    this.push(bytes);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function drawSignaturePageHeader(page: PDFPage, fonts: { regular: PDFFont; bold: PDFFont }): void {
  const [, height] = PAGE;
  page.drawText('Signatures électroniques', { x: MARGIN, y: height - 70, size: 16, font: fonts.bold, color: TITLE });
  const intro =
    'Les signatures ci-dessous ont été apposées électroniquement avec Jalon. Chaque empreinte SHA-256 identifie le document tel qu’il a été présenté au signataire ; toute modification ultérieure du fichier est détectable.';
  const lines = wrapRuns(
    [{ text: intro }],
    { regular: fonts.regular, bold: fonts.bold, italic: fonts.regular, boldItalic: fonts.bold },
    8.5,
    PAGE[0] - 2 * MARGIN,
  );
  lines.forEach((line, i) => drawLine(page, line, MARGIN, height - 90 - i * 11.5, 8.5, MUTED));
}

/** Signs a PDF (see the module comment). Returns the signed PDF and the proof to store. */
export async function signPdf(
  pdfBytes: Uint8Array,
  input: SignPdfInput,
): Promise<{ signedPdf: Uint8Array; proof: SignatureProof }> {
  if (input.signerName.trim() === '')
    throw new ValidationError('signerName', 'required', 'The signer name is required');
  if (input.signerRole.trim() === '')
    throw new ValidationError('signerRole', 'required', 'The signer role is required');
  const when = toParisDateTime(input.signedAtIso);
  const signedAtMs = Date.parse(input.signedAtIso);
  if (!when || when.dateOnly || Number.isNaN(signedAtMs)) {
    throw new ValidationError('signedAtIso', 'invalid_date', 'The signature time must be an ISO instant');
  }
  const imageSize = pngSize(input.signatureImagePng, 'signatureImagePng');
  if (Buffer.from(pdfBytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new ValidationError('pdf', 'invalid_pdf', 'Not a PDF file');
  }

  const contentSha256 = sha256Hex(pdfBytes);
  const doc = await loadPdf(pdfBytes);
  if (doc.isEncrypted) throw new ValidationError('pdf', 'encrypted_pdf', 'Encrypted PDFs cannot be signed');
  const context = doc.context;
  // New objects must not reuse a number of the file, not even one pdf-lib does not keep (such as a
  // cross-reference stream): readers would confuse the revisions.
  context.largestObjectNumber = Math.max(context.largestObjectNumber, highestObjectNumber(pdfBytes));
  const before = new Map<string, string>();
  for (const [ref, object] of context.enumerateIndirectObjects()) before.set(refKey(ref), sha256Hex(serialise(object)));

  const existing = recordsFromKeywords(doc.getKeywords());
  const last = existing[existing.length - 1];
  const seq = (last?.seq ?? 0) + 1;

  const fontFiles = loadFonts(input.fontsDir);
  const fonts = {
    regular: await embedSharedFont(doc, fontFiles.regular),
    bold: await embedSharedFont(doc, fontFiles.bold),
  };
  const image = await embedPng(doc, input.signatureImagePng, {
    field: 'signatureImagePng',
    maxPixels: printPixels(SIGNATURE_BOX.width, SIGNATURE_BOX.height),
  });

  let pageIndex: number;
  let slot: number;
  let page: PDFPage;
  if (last && last.page === doc.getPageCount() - 1 && last.slot + 1 < SLOTS_PER_PAGE) {
    pageIndex = last.page;
    slot = last.slot + 1;
    page = doc.getPage(pageIndex);
  } else {
    page = doc.addPage(PAGE);
    pageIndex = doc.getPageCount() - 1;
    slot = 0;
    drawSignaturePageHeader(page, fonts);
  }

  // The visible block.
  const width = PAGE[0] - 2 * MARGIN;
  const top = PAGE[1] - 130 - slot * (BLOCK_HEIGHT + BLOCK_GAP);
  page.drawRectangle({
    x: MARGIN,
    y: top - BLOCK_HEIGHT,
    width,
    height: BLOCK_HEIGHT,
    borderColor: BORDER,
    borderWidth: 0.8,
  });
  const fit = fitInside(imageSize, SIGNATURE_BOX.width, SIGNATURE_BOX.height);
  drawPdfImage(page, image, { x: MARGIN + 12, y: top - 14 - fit.height, width: fit.width, height: fit.height });
  const tx = MARGIN + 200;
  const textLines: [string, boolean, number][] = [
    [`Signé électroniquement par ${input.signerName}`, true, 10.5],
    [`Qualité : ${input.signerRole}`, false, 9.5],
    [`Le ${formatDateTimeFr(input.signedAtIso)} (heure de Paris)`, false, 9.5],
    [`Appareil : ${input.deviceInfo}`, false, 8],
  ];
  let ty = top - 24;
  for (const [text, bold, size] of textLines) {
    const wrapped = wrapRuns(
      [{ text, bold }],
      { regular: fonts.regular, bold: fonts.bold, italic: fonts.regular, boldItalic: fonts.bold },
      size,
      width - 212,
    );
    for (const line of wrapped.slice(0, 2)) {
      drawLine(page, line, tx, ty, size, TEXT);
      ty -= size * 1.4;
    }
  }
  page.drawText('Empreinte SHA-256 du document présenté au signataire :', {
    x: MARGIN + 12,
    y: top - BLOCK_HEIGHT + 30,
    size: 7.5,
    font: fonts.bold,
    color: MUTED,
  });
  page.drawText(contentSha256, {
    x: MARGIN + 12,
    y: top - BLOCK_HEIGHT + 16,
    size: 7.5,
    font: fonts.regular,
    color: MUTED,
  });
  page.drawText(`Signature n° ${seq} – méthode : signature électronique simple`, {
    x: MARGIN + 12,
    y: top - BLOCK_HEIGHT + 5,
    size: 6.5,
    font: fonts.regular,
    color: MUTED,
  });

  // The record in the metadata.
  const record: EmbeddedSignatureRecord = {
    v: 1,
    seq,
    signerName: input.signerName,
    signerRole: input.signerRole,
    signedAt: new Date(signedAtMs).toISOString(),
    deviceInfo: input.deviceInfo,
    method: 'electronic',
    contentSha256,
    contentSize: pdfBytes.length,
    signatureImageSha256: sha256Hex(input.signatureImagePng),
    page: pageIndex,
    slot,
  };
  const keywords = doc.getKeywords();
  doc.setKeywords([
    [keywords ?? '', `${KEYWORD_PREFIX}${toBase64Url(JSON.stringify(record))}`]
      .filter((k) => k.trim() !== '')
      .join(' '),
  ]);
  doc.setModificationDate(new Date(signedAtMs));
  await doc.flush();

  // The incremental update: every new or changed object, a cross-reference section, a trailer.
  const out = new ByteBuilder();
  out.push(pdfBytes);
  const lastByte = pdfBytes[pdfBytes.length - 1];
  if (lastByte !== 0x0a && lastByte !== 0x0d) out.push('\n');
  const changed: [PDFRef, Uint8Array][] = [];
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const bytes = serialise(object);
    if (before.get(refKey(ref)) !== sha256Hex(bytes)) changed.push([ref, bytes]);
  }
  const offsets = new Map<string, number>();
  for (const [ref, bytes] of changed) {
    offsets.set(refKey(ref), out.length);
    out.push(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    out.push(bytes);
    out.push('\nendobj\n');
  }
  const prev = lastXrefOffset(pdfBytes);
  const trailerEntries = (size: number): Record<string, PDFObject> => {
    const entries: Record<string, PDFObject> = { Size: PDFNumber.of(size), Prev: PDFNumber.of(prev) };
    const info = context.trailerInfo;
    if (info.Root) entries.Root = info.Root;
    if (info.Info) entries.Info = info.Info;
    if (info.ID) entries.ID = info.ID;
    return entries;
  };
  if (isXrefTableAt(pdfBytes, prev)) {
    const xref = PDFCrossRefSection.createEmpty();
    for (const [ref] of changed) xref.addEntry(ref, offsets.get(refKey(ref)) as number);
    const xrefOffset = out.length;
    out.pushObject(xref);
    out.push('\n');
    const dict = context.obj({});
    for (const [key, value] of Object.entries(trailerEntries(context.largestObjectNumber + 1)))
      dict.set(PDFName.of(key), value);
    out.pushObject(PDFTrailerDict.of(dict));
    out.push('\n');
    out.pushObject(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset));
    out.push('\n');
  } else {
    const xrefRef = context.nextRef();
    const dict = context.obj({});
    for (const [key, value] of Object.entries(trailerEntries(xrefRef.objectNumber + 1)))
      dict.set(PDFName.of(key), value);
    const stream = PDFCrossRefStream.create(dict, true);
    for (const [ref] of changed) stream.addUncompressedEntry(ref, offsets.get(refKey(ref)) as number);
    const xrefOffset = out.length;
    stream.addUncompressedEntry(xrefRef, xrefOffset);
    out.push(`${xrefRef.objectNumber} ${xrefRef.generationNumber} obj\n`);
    out.pushObject(stream);
    out.push('\nendobj\n');
    out.pushObject(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset));
    out.push('\n');
  }

  const signedPdf = out.toBytes();
  const proof: SignatureProof = {
    version: 1,
    method: 'electronic',
    sequence: seq,
    signerName: record.signerName,
    signerRole: record.signerRole,
    signedAt: record.signedAt,
    deviceInfo: record.deviceInfo,
    contentSha256,
    contentSize: pdfBytes.length,
    signatureImageSha256: record.signatureImageSha256,
    signedFileSha256: sha256Hex(signedPdf),
    signedFileSize: signedPdf.length,
  };
  return { signedPdf, proof };
}

function proofIsWellFormed(proof: SignatureProof): boolean {
  return (
    proof !== null &&
    typeof proof === 'object' &&
    proof.version === 1 &&
    proof.method === 'electronic' &&
    Number.isInteger(proof.sequence) &&
    proof.sequence >= 1 &&
    isSha256Hex(proof.contentSha256) &&
    isSha256Hex(proof.signedFileSha256) &&
    Number.isInteger(proof.contentSize) &&
    Number.isInteger(proof.signedFileSize) &&
    proof.contentSize > 0 &&
    proof.signedFileSize > proof.contentSize
  );
}

async function recordsOf(bytes: Uint8Array): Promise<EmbeddedSignatureRecord[] | null> {
  try {
    return recordsFromKeywords((await PDFDocument.load(bytes, { updateMetadata: false })).getKeywords());
  } catch {
    return null;
  }
}

/**
 * Checks a PDF against a signature proof (see the module comment). `valid` is false with a `reason` for
 * any change to the signed bytes; a file with later Jalon signatures appended stays valid for the
 * earlier proofs (`coversWholeFile: false`, `laterSignatures`).
 */
export async function verifySignedPdf(signedPdf: Uint8Array, proof: SignatureProof): Promise<SignatureVerification> {
  if (!proofIsWellFormed(proof)) return { valid: false, reason: 'malformed_proof' };
  if (signedPdf.length < proof.signedFileSize) return { valid: false, reason: 'file_changed' };
  const signedVersion = signedPdf.subarray(0, proof.signedFileSize);
  if (sha256Hex(signedVersion) !== proof.signedFileSha256) return { valid: false, reason: 'file_changed' };
  if (sha256Hex(signedPdf.subarray(0, proof.contentSize)) !== proof.contentSha256)
    return { valid: false, reason: 'file_changed' };

  // The proof must be the signature recorded in the signed version.
  const own = (await recordsOf(signedVersion))?.find((r) => r.seq === proof.sequence);
  if (
    !own ||
    own.contentSha256 !== proof.contentSha256 ||
    own.contentSize !== proof.contentSize ||
    own.signerName !== proof.signerName ||
    own.signerRole !== proof.signerRole ||
    own.signedAt !== proof.signedAt ||
    own.signatureImageSha256 !== proof.signatureImageSha256
  ) {
    return { valid: false, reason: 'proof_not_in_file' };
  }
  if (signedPdf.length === proof.signedFileSize) return { valid: true, coversWholeFile: true, laterSignatures: 0 };

  // Later revisions: each must be a Jalon signature made on exactly the previous signed version.
  const later = ((await recordsOf(signedPdf)) ?? []).filter((r) => r.seq > proof.sequence);
  let previousSize = proof.signedFileSize;
  for (const [index, record] of later.entries()) {
    const sizeOk = index === 0 ? record.contentSize === proof.signedFileSize : record.contentSize > previousSize;
    if (
      record.seq !== proof.sequence + 1 + index ||
      !sizeOk ||
      record.contentSize > signedPdf.length ||
      sha256Hex(signedPdf.subarray(0, record.contentSize)) !== record.contentSha256
    ) {
      return { valid: false, reason: 'modified_after_signature' };
    }
    previousSize = record.contentSize;
  }
  if (later.length === 0) return { valid: false, reason: 'modified_after_signature' };
  return { valid: true, coversWholeFile: false, laterSignatures: later.length };
}

/**
 * Checks a document with all its proofs (in signing order): each must verify, and the last must cover
 * the whole file, so that no byte of the file escapes a proof.
 */
export async function verifySignatureChain(
  signedPdf: Uint8Array,
  proofs: readonly SignatureProof[],
): Promise<SignatureVerification & { readonly results: readonly SignatureVerification[] }> {
  const results: SignatureVerification[] = [];
  for (const proof of proofs) results.push(await verifySignedPdf(signedPdf, proof));
  const failed = results.find((r) => !r.valid);
  if (proofs.length === 0) return { valid: false, reason: 'no_proof', results };
  if (failed) return { valid: false, reason: failed.reason ?? 'file_changed', results };
  if (!results[results.length - 1]?.coversWholeFile)
    return { valid: false, reason: 'modified_after_signature', results };
  for (let i = 1; i < proofs.length; i++) {
    const previous = proofs[i - 1] as SignatureProof;
    const current = proofs[i] as SignatureProof;
    if (current.contentSha256 !== previous.signedFileSha256) return { valid: false, reason: 'broken_chain', results };
  }
  return { valid: true, coversWholeFile: true, laterSignatures: 0, results };
}

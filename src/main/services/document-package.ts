/**
 * The external package of a shared document: a ZIP encrypted with AES-256 (WinZip AE-2, opened by
 * 7-Zip, WinRAR, macOS Archive Utility recent versions, Windows 11) holding the document, a
 * `proof.json` (hashes, version, signatures with their proofs, the share and the beneficiary's
 * consent) and a short French read-me explaining how to check the hash. The password is chosen by the
 * sender and given to the recipient by another channel (phone, SMS); it is never stored.
 */
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter, configure } from '@zip.js/zip.js';

configure({ useWebWorkers: false });

export interface PackageProof {
  readonly format: 'jalon.document-proof';
  readonly version: 1;
  readonly generatedAt: string;
  readonly firm: { readonly name: string };
  readonly document: {
    readonly id: string;
    readonly name: string;
    readonly fileName: string;
    readonly version: number;
    readonly status: string;
    readonly mimeType: string;
    readonly size: number;
    readonly sha256: string;
    readonly createdAt: string;
  };
  readonly signatures: readonly {
    readonly signerName: string | null;
    readonly signerType: string;
    readonly signedAt: string | null;
    readonly method: string | null;
    readonly signedContentSha256: string | null;
    readonly proof: unknown;
  }[];
  readonly share: {
    readonly id: string;
    readonly recipient: string | null;
    readonly expiresAt: string | null;
    readonly beneficiaryConsentAt: string | null;
    readonly consentNote: string | null;
  };
}

function readme(proof: PackageProof): string {
  return [
    `Document transmis par ${proof.firm.name}`,
    '',
    `Fichier : ${proof.document.fileName} (version ${proof.document.version})`,
    `Empreinte SHA-256 : ${proof.document.sha256}`,
    '',
    'Pour vérifier que le document n’a pas été modifié, calculez son empreinte SHA-256',
    '(Windows : certutil -hashfile <fichier> SHA256 ; macOS / Linux : shasum -a 256 <fichier>)',
    'et comparez-la à celle ci-dessus. Le fichier proof.json détaille les signatures électroniques',
    'et leurs preuves, ainsi que l’accord du bénéficiaire pour ce partage.',
    '',
    'Ce document est confidentiel : il vous est transmis avec l’accord du bénéficiaire du bilan de',
    'compétences (article R. 6313-7 du Code du travail). Merci de ne pas le diffuser.',
    '',
  ].join('\r\n');
}

/** Builds the AES-256 encrypted ZIP. */
export async function buildSharePackage(input: {
  readonly password: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly proof: PackageProof;
  readonly createdAt: Date;
}): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    password: input.password,
    encryptionStrength: 3,
    zipCrypto: false,
    lastModDate: input.createdAt,
  });
  await writer.add(input.fileName, new Uint8ArrayReader(input.bytes));
  await writer.add('proof.json', new TextReader(`${JSON.stringify(input.proof, null, 2)}\n`));
  await writer.add('LISEZ-MOI.txt', new TextReader(readme(input.proof)));
  return writer.close();
}

/** Reads a package back (tests, support): the entries' names and contents. */
export async function openSharePackage(bytes: Uint8Array, password: string): Promise<Map<string, Uint8Array>> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  try {
    const out = new Map<string, Uint8Array>();
    for (const entry of await reader.getEntries()) {
      if (entry.directory) continue;
      out.set(entry.filename, await entry.getData(new Uint8ArrayWriter(), { password }));
    }
    return out;
  } finally {
    await reader.close();
  }
}

/** Whether every entry of a ZIP is encrypted with AES (no clear-text entry). */
export async function isAesEncrypted(bytes: Uint8Array): Promise<boolean> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  try {
    const entries = await reader.getEntries();
    return entries.length > 0 && entries.every((e) => e.encrypted && !e.zipCrypto);
  } finally {
    await reader.close();
  }
}

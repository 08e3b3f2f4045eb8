/**
 * Reads the pixel size of a PNG (from its IHDR chunk), to lay images out without decoding them.
 */
import { ValidationError } from '../../shared/errors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Width and height in pixels; ValidationError when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array, field = 'image'): { width: number; height: number } {
  if (!isPng(bytes)) throw new ValidationError(field, 'not_png', 'The image is not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new ValidationError(field, 'not_png', 'The PNG has no pixels');
  return { width, height };
}

/** Scales (width, height) down to fit in (maxWidth, maxHeight), keeping the proportions. */
export function fitInside(
  size: { width: number; height: number },
  maxWidth: number,
  maxHeight: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
  return { width: size.width * scale, height: size.height * scale };
}

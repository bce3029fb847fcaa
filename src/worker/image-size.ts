/**
 * An image's format and pixel size, read from the first bytes of its file without decoding
 * it: the thumbnail maker decodes only images whose header states a size within its cap, so
 * a small file that unpacks to gigapixels (a decompression bomb) is never decoded.
 */
export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'avif';
  width: number;
  height: number;
}

/**
 * How much of the file is read to find the size. A JPEG's size comes after its APP
 * segments, and a camera's EXIF block with its embedded preview is up to 64 KiB.
 */
export const HEADER_BYTES = 256 * 1024;

export async function imageSize(file: Blob): Promise<ImageSize | undefined> {
  const bytes = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const size = sizeOf(bytes);
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

function sizeOf(b: Uint8Array): ImageSize | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, length: number) =>
    at + length <= b.length ? String.fromCharCode(...b.subarray(at, at + length)) : '';
  if (ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (ascii(0, 4) === 'GIF8' && b.length >= 10) {
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpSize(b, view, ascii(12, 4));
  if (b[0] === 0xff && b[1] === 0xd8) return jpegSize(b, view);
  if (ascii(4, 4) === 'ftyp' && /avi[fs]/.test(ascii(8, 4) + ascii(16, 16)))
    return avifSize(b, view);
  return undefined;
}

function webpSize(b: Uint8Array, view: DataView, chunk: string): ImageSize | undefined {
  if (b.length < 30) return undefined;
  const format = 'webp';
  if (chunk === 'VP8 ') {
    return {
      format,
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { format, width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const u24 = (at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
    return { format, width: u24(24) + 1, height: u24(27) + 1 };
  }
  return undefined;
}

/** The first start-of-frame marker's size, walking the segments by their lengths. */
function jpegSize(b: Uint8Array, view: DataView): ImageSize | undefined {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1];
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const startOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (startOfFrame) {
      return { format: 'jpeg', width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

/** AVIF (HEIF) states its size in an `ispe` property near the start. */
function avifSize(b: Uint8Array, view: DataView): ImageSize | undefined {
  for (let at = 0; at + 16 <= b.length; at++) {
    // 'ispe', then a version and flags word, then width and height.
    if (b[at] === 0x69 && b[at + 1] === 0x73 && b[at + 2] === 0x70 && b[at + 3] === 0x65) {
      return { format: 'avif', width: view.getUint32(at + 8), height: view.getUint32(at + 12) };
    }
  }
  return undefined;
}

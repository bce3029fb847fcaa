/// <reference lib="webworker" />
import { imageSize } from './image-size.js';

/**
 * Small pictures of the images being uploaded, made where no page code waits: the page
 * runs a second instance of the worker's file for them (src/element/thumbnails.ts), so a
 * decode never holds up the instance that sends the bytes, and a decode that crashes
 * takes only thumbnails with it.
 */

/**
 * Decoded, an image takes 4 bytes a pixel, all of it at once, before the resize: 50
 * million pixels (a 50 MP phone photo, 8660 × 5773) is 200 MB. Larger ones keep their
 * badge.
 */
export const MAX_PIXELS = 50_000_000;

/**
 * Larger image files are not read for a picture: a photo or screenshot is well under this
 * (a 50 MP JPEG is 15-25 MB), and reading one would compete with the upload's reads.
 */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export interface ThumbnailRequest {
  type: 'thumbnail';
  requestId: number;
  file: Blob;
  /** The square's side in device pixels. */
  edge: number;
}

export type ThumbnailReply =
  | { type: 'thumbnail'; requestId: number; ok: true; dataUrl: string }
  | { type: 'thumbnail'; requestId: number; ok: false; reason: string };

/** Make the thumbnail asked for and post it back. */
export async function replyWithThumbnail(
  request: ThumbnailRequest,
  post: (reply: ThumbnailReply) => void,
): Promise<void> {
  const { requestId } = request;
  try {
    const dataUrl = await makeThumbnail(request.file, request.edge);
    post({ type: 'thumbnail', requestId, ok: true, dataUrl });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    post({ type: 'thumbnail', requestId, ok: false, reason });
  }
}

/**
 * A square of `edge` device pixels, the image cut to fill it (as CSS `object-fit: cover`),
 * WebP where the engine encodes it, else JPEG: a few KB, as a `data:` URL. Not a `blob:`
 * one: Chromium registers each blob URL with its browser process in a synchronous call
 * from the page's main thread, which under load made long tasks of 50-100 ms; a data URL
 * costs the page nothing, needs no revoking, and is stored as it is.
 */
export async function makeThumbnail(file: Blob, edge: number): Promise<string> {
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`over ${MAX_IMAGE_BYTES} bytes`);
  const size = await imageSize(file);
  if (!size) throw new Error('no PNG, JPEG, GIF, WebP or AVIF header with a size');
  if (size.width * size.height > MAX_PIXELS) {
    throw new Error(`${size.width} × ${size.height} is over ${MAX_PIXELS} pixels`);
  }
  // Resized while decoded, by its shorter side only: the other follows the picture's own
  // proportions, also when its EXIF orientation turns it.
  const resize: ImageBitmapOptions =
    size.width >= size.height ? { resizeHeight: edge } : { resizeWidth: edge };
  const bitmap = await createImageBitmap(file, { ...resize, resizeQuality: 'medium' });
  try {
    const canvas = new OffscreenCanvas(edge, edge);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context on an OffscreenCanvas');
    const webp = await encodesWebp();
    // JPEG has no transparency: what is transparent would turn black.
    if (!webp) {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, edge, edge);
    }
    const scale = Math.max(edge / bitmap.width, edge / bitmap.height);
    const [width, height] = [bitmap.width * scale, bitmap.height * scale];
    context.drawImage(bitmap, (edge - width) / 2, (edge - height) / 2, width, height);
    const type = webp ? 'image/webp' : 'image/jpeg';
    const blob = await canvas.convertToBlob({ type, quality: 0.8 });
    return new FileReaderSync().readAsDataURL(blob);
  } finally {
    bitmap.close();
  }
}

let webpProbe: Promise<boolean> | undefined;

/** An engine that cannot encode WebP (WebKit) hands back a PNG instead. */
function encodesWebp(): Promise<boolean> {
  webpProbe ??= (async () => {
    const canvas = new OffscreenCanvas(1, 1);
    // Chromium encodes only a canvas that has a context.
    canvas.getContext('2d');
    const blob = await canvas.convertToBlob({ type: 'image/webp' });
    return blob.type === 'image/webp';
  })().catch(() => false);
  return webpProbe;
}

import { expect } from '@open-wc/testing';
import { defaultWorkerFactory } from '../../src/element/worker-client.js';
import { imageSize } from '../../src/worker/image-size.js';
import { MAX_IMAGE_BYTES, MAX_PIXELS, type ThumbnailReply } from '../../src/worker/thumbnail.js';

/**
 * The size an image's header states, read without decoding it, and the caps the worker
 * puts on what it decodes for a thumbnail.
 */

async function drawn(type: 'image/png' | 'image/jpeg', w: number, h: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h);
  canvas.getContext('2d')!.fillRect(0, 0, w / 2, h / 2);
  return canvas.convertToBlob({ type });
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u16le = (n: number) => [n & 0xff, n >> 8];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const blob = (...parts: number[][]) => new Blob([new Uint8Array(parts.flat())]);

/** The first 24 bytes of a PNG: signature and IHDR with the given size, then filler. */
const pngHeader = (w: number, h: number) =>
  blob(
    [0x89, ...ascii('PNG\r\n\x1a\n'), 0, 0, 0, 13, ...ascii('IHDR'), ...u32be(w), ...u32be(h)],
    [8, 6, 0, 0, 0, ...Array(64).fill(7)],
  );

describe('imageSize', () => {
  it('reads PNG and JPEG sizes the browser encoded', async () => {
    expect(await imageSize(await drawn('image/png', 640, 480))).to.deep.equal({
      format: 'png',
      width: 640,
      height: 480,
    });
    expect(await imageSize(await drawn('image/jpeg', 300, 200))).to.deep.equal({
      format: 'jpeg',
      width: 300,
      height: 200,
    });
  });

  it('finds a JPEG size after a 60 KB EXIF block', async () => {
    const jpeg = new Uint8Array(await (await drawn('image/jpeg', 123, 45)).arrayBuffer());
    const exifLength = 60_000;
    const exif = [0xff, 0xe1, exifLength >> 8, exifLength & 0xff, ...Array(exifLength - 2).fill(0)];
    const withExif = blob([0xff, 0xd8], exif, [...jpeg.subarray(2)]);
    expect(await imageSize(withExif)).to.deep.equal({ format: 'jpeg', width: 123, height: 45 });
  });

  it('reads GIF, the three kinds of WebP, and AVIF headers', async () => {
    const gif = blob(ascii('GIF89a'), u16le(320), u16le(240), [0, 0, 0]);
    expect(await imageSize(gif)).to.deep.equal({ format: 'gif', width: 320, height: 240 });
    const riff = (chunk: string, body: number[]) =>
      blob(ascii('RIFF'), [0, 0, 0, 0], ascii('WEBP'), ascii(chunk), [0, 0, 0, 0], body);
    const lossy = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(800), ...u16le(600), 0, 0]);
    expect(await imageSize(lossy)).to.deep.equal({ format: 'webp', width: 800, height: 600 });
    // 14 bits of width - 1, then 14 of height - 1, after the 0x2f signature.
    const bits = (1023 & 0x3fff) | ((767 & 0x3fff) << 14);
    const lossless = riff('VP8L', [
      0x2f,
      bits & 0xff,
      (bits >> 8) & 0xff,
      (bits >> 16) & 0xff,
      bits >>> 24,
      ...Array(8).fill(0),
    ]);
    expect(await imageSize(lossless)).to.deep.equal({ format: 'webp', width: 1024, height: 768 });
    const extended = riff('VP8X', [0, 0, 0, 0, ...u24le(1919), ...u24le(1079), 0, 0]);
    expect(await imageSize(extended)).to.deep.equal({ format: 'webp', width: 1920, height: 1080 });
    const avif = blob(
      [0, 0, 0, 24],
      ascii('ftypavif'),
      [0, 0, 0, 0],
      ascii('avifmif1'),
      [0, 0, 0, 20],
      ascii('ispe'),
      [0, 0, 0, 0],
      u32be(4032),
      u32be(3024),
    );
    expect(await imageSize(avif)).to.deep.equal({ format: 'avif', width: 4032, height: 3024 });
  });

  it('finds no size in a PDF, a truncated header or noise', async () => {
    expect(await imageSize(new Blob(['%PDF-1.7\n%âãÏÓ\n']))).to.equal(undefined);
    expect(await imageSize(blob([0x89, ...ascii('PNG')]))).to.equal(undefined);
    expect(await imageSize(blob([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]))).to.equal(undefined);
    expect(await imageSize(blob(Array.from({ length: 512 }, (_, i) => (i * 31) & 0xff)))).to.equal(
      undefined,
    );
  });
});

describe('the worker’s thumbnail caps', () => {
  let worker: Worker;
  let nextId = 1;
  beforeEach(() => (worker = defaultWorkerFactory()));
  afterEach(() => worker.terminate());

  function ask(file: Blob): Promise<ThumbnailReply> {
    const requestId = nextId++;
    return new Promise((resolve) => {
      worker.addEventListener('message', (event: MessageEvent<ThumbnailReply>) => {
        if (event.data.type === 'thumbnail' && event.data.requestId === requestId) {
          resolve(event.data);
        }
      });
      worker.postMessage({ type: 'thumbnail', requestId, file, edge: 64 });
    });
  }

  it('refuses, before decoding, an image whose header states more pixels than the cap', async () => {
    // 10000 × 6000 stated: the refusal names the pixels, not a failed decode.
    const reply = await ask(pngHeader(10_000, 6_000));
    expect(reply).to.deep.include({ ok: false });
    expect(reply.ok || reply.reason).to.equal(`10000 × 6000 is over ${MAX_PIXELS} pixels`);
  });

  it('refuses a file over the byte cap without reading it', async () => {
    const big = new Blob([new Uint8Array(MAX_IMAGE_BYTES + 1)], { type: 'image/png' });
    const reply = await ask(big);
    expect(reply.ok || reply.reason).to.equal(`over ${MAX_IMAGE_BYTES} bytes`);
  });

  it('makes a square data: URL of the asked edge for an image within the caps', async () => {
    const reply = await ask(await drawn('image/png', 900, 300));
    if (!reply.ok) throw new Error(reply.reason);
    expect(reply.dataUrl).to.match(/^data:image\/(webp|jpeg);base64,/);
    const picture = await createImageBitmap(await (await fetch(reply.dataUrl)).blob());
    expect([picture.width, picture.height]).to.deep.equal([64, 64]);
  });
});

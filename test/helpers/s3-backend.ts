import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, type BinaryToTextEncoding } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The page's backend side of the multipart adapter's plain S3 mode, done in
 * Node with the AWS SDK for the tests' two S3s (s3rver in s3rver.ts, Swift's
 * s3api in swift.ts): the five calls that mode asks for (hook names in
 * src/protocols/multipart/page-hooks.ts). Node side only; the SDK never
 * reaches the browser bundle.
 */

// The SDK warns on Node 20 that releases from 2027 on need Node 22; the tests pin their versions.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface S3Part {
  PartNumber: number;
  ETag: string;
  Size: number;
}

/** The page-side backend calls, with the argument and answer shapes the adapter uses. */
export interface S3Backend {
  createMultipartUpload(args: {
    fileName: string;
    fileSize: number;
    fileType?: string;
    partSize?: number;
    /** S3's `ChecksumAlgorithm` (`CRC32C`, `SHA256`) when the element's `checksum` has one. */
    checksumAlgorithm?: string;
  }): Promise<{ uploadId: string; key: string }>;
  signPart(args: {
    uploadId: string;
    key: string;
    partNumber: number;
    /** The part's checksum (src/protocols/multipart/checksums.ts `PartChecksum`), to sign. */
    checksum?: { header: string; algorithm: 'CRC32C' | 'SHA256' | 'MD5'; value: string };
  }): Promise<{ url: string }>;
  listParts(args: { uploadId: string; key: string }): Promise<S3Part[] | null>;
  completeMultipartUpload(args: {
    uploadId: string;
    key: string;
    parts: Array<{ PartNumber: number; ETag: string; ChecksumCRC32C?: string }>;
  }): Promise<{ location: string; key: string; etag?: string }>;
  abortMultipartUpload(args: { uploadId: string; key: string }): Promise<void>;
}

/** S3 client settings for a test S3 on `endpoint`: path-style, checksums only when required. */
export function localS3Config(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): S3ClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    // AWS SDK ≥ 3.729 otherwise puts a CRC32 (of an empty body) into presigned part URLs and
    // sends aws-chunked bodies with checksum trailers: s3rver and Swift 2.30's s3api refuse them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** Kept as signed headers in a presigned URL, not moved into its query. */
const CHECKSUM_HEADERS = new Set(['x-amz-checksum-crc32c', 'x-amz-checksum-sha256']);

/**
 * The backend for `bucket`, through `client` (S3 at `endpoint`), presigning part
 * URLs valid for `urlTtlSeconds`. `listParts` reads every page of ListParts and
 * answers null for an upload S3 does not know (NoSuchUpload).
 */
export function sdkS3Backend(
  client: S3Client,
  endpoint: string,
  bucket: string,
  { urlTtlSeconds = 900 }: { urlTtlSeconds?: number } = {},
): S3Backend {
  return {
    async createMultipartUpload({ fileName, fileType, checksumAlgorithm }) {
      const key = `e2e/${Date.now()}-${fileName}`;
      const created = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: fileType || 'application/octet-stream',
          ChecksumAlgorithm: checksumAlgorithm as ChecksumAlgorithm | undefined,
        }),
      );
      return { uploadId: created.UploadId!, key };
    },
    // The part's checksum is signed with the URL, as docs/protocols/multipart.md asks: as a
    // signed header the PUT must carry unchanged (Content-MD5 is one by itself; the presigner
    // would move x-amz-checksum-* into the query unless told to keep it a header).
    async signPart({ uploadId, key, partNumber, checksum }) {
      const command = new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        ...(checksum?.algorithm === 'MD5' && { ContentMD5: checksum.value }),
        ...(checksum?.algorithm === 'CRC32C' && { ChecksumCRC32C: checksum.value }),
        ...(checksum?.algorithm === 'SHA256' && { ChecksumSHA256: checksum.value }),
      });
      return {
        url: await getSignedUrl(client, command, {
          expiresIn: urlTtlSeconds,
          unhoistableHeaders: CHECKSUM_HEADERS,
        }),
      };
    },
    async listParts({ uploadId, key }) {
      const parts: S3Part[] = [];
      let marker: string | undefined;
      try {
        for (;;) {
          const page = await client.send(
            new ListPartsCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumberMarker: marker,
            }),
          );
          for (const p of page.Parts ?? []) {
            parts.push({ PartNumber: p.PartNumber!, ETag: p.ETag!, Size: p.Size! });
          }
          if (!page.IsTruncated) return parts;
          marker = page.NextPartNumberMarker;
        }
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchUpload') return null;
        throw error;
      }
    },
    async completeMultipartUpload({ uploadId, key, parts }) {
      const done = await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return { location: done.Location ?? `${endpoint}/${bucket}/${key}`, key, etag: done.ETag };
    },
    async abortMultipartUpload({ uploadId, key }) {
      await client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
      );
    },
  };
}

/** The SHA-256 (hex) of a stored object's bytes. */
export async function objectSha256(client: S3Client, bucket: string, key: string) {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Each part's MD5 as S3 computes its ETag (`hex`) or as `Content-MD5` carries it
 * (`base64`), cutting the file at `path` every `partSize` bytes.
 */
export async function partMd5s(
  path: string,
  partSize: number,
  encoding: BinaryToTextEncoding = 'hex',
): Promise<string[]> {
  const md5s: string[] = [];
  for await (const part of createReadStream(path, { highWaterMark: partSize })) {
    md5s.push(
      createHash('md5')
        .update(part as Buffer)
        .digest(encoding),
    );
  }
  return md5s;
}

import type { AdapterContext } from '../../core/adapter.js';
import { metadataWithPath, pathField } from '../../core/relative-path.js';
import type { S3Backend } from './s3.js';

/**
 * Plain S3 mode with `urls.s3 = 'backend'`: functions the page puts on the element's
 * `backend` property, reached through `ctx.callPage(<name>, args)`. The names and
 * arguments are Uppy's (`@uppy/aws-s3`), so existing backends fit:
 *   createMultipartUpload({fileName, fileSize, fileType, partSize, metadata, relativePath?, checksumAlgorithm?})
 * (`relativePath`, also in `metadata` as Uppy puts it, for a file that came in a folder)
 *   signPart({uploadId, key, partNumber, size, checksum?: {header, algorithm, value}})
 *   listParts({uploadId, key})
 *   completeMultipartUpload({uploadId, key, parts: [{PartNumber, ETag, ChecksumCRC32C?}]})
 *   abortMultipartUpload({uploadId, key})
 */
export const S3_HOOKS = {
  create: 'createMultipartUpload',
  sign: 'signPart',
  list: 'listParts',
  complete: 'completeMultipartUpload',
  abort: 'abortMultipartUpload',
} as const;

export function pageHooks(ctx: AdapterContext): S3Backend {
  return {
    create: (file, partSize, checksumAlgorithm) =>
      ctx.callPage(S3_HOOKS.create, {
        fileName: file.name,
        fileSize: file.size,
        fileType: file.type,
        partSize,
        metadata: metadataWithPath(ctx.options.metadata, file),
        ...pathField(file),
        ...(checksumAlgorithm && { checksumAlgorithm }),
      }),
    sign: (upload, partNumber, size, checksum) =>
      ctx.callPage(S3_HOOKS.sign, {
        uploadId: upload.uploadId,
        key: upload.key,
        partNumber,
        size,
        ...(checksum && { checksum }),
      }),
    list: (upload) => ctx.callPage(S3_HOOKS.list, upload),
    complete: (upload, parts) => ctx.callPage(S3_HOOKS.complete, { ...upload, parts }),
    async abort(upload) {
      await ctx.callPage(S3_HOOKS.abort, upload);
    },
  };
}

export { ResumableUpload } from './resumable-upload.js';
export { matchesAccept } from './element/resumable-upload.component.js';
export type { HeadersSource, BackendFunction } from './element/resumable-upload.component.js';
export { UploadStatus, type UploadSnapshot } from './element/upload-queue.js';
export { englishStrings, type UploadStrings } from './element/strings.js';
export type * from './element/events.js';
export type { ProtocolName, ProtocolOptions } from './core/adapter.js';

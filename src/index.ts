export { ResumableUpload } from './resumable-upload.js';
export { matchesAccept, resultValue } from './element/resumable-upload.component.js';
export type { HeadersSource, BackendFunction } from './element/resumable-upload.component.js';
export {
  UploadStatus,
  defaultWorkerFactory,
  type UploadSnapshot,
  type KeepFiles,
  type WorkerFactory,
} from './element/upload-queue.js';
export { englishStrings, type UploadStrings } from './element/strings.js';
export { germanStrings } from './element/locales/de.js';
export type * from './element/events.js';
export type { ProtocolName, ProtocolOptions } from './core/adapter.js';

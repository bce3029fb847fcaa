export { ResumableUpload } from './resumable-upload.js';
export { matchesAccept } from './element/file-intake.js';
export { resultValue } from './element/resumable-upload.templates.js';
export {
  UploadStatus,
  type UploadSnapshot,
  type KeepFiles,
  type WorkerFactory,
  type HeadersSource,
  type BackendFunction,
} from './element/upload-types.js';
export { defaultWorkerFactory } from './element/worker-client.js';
export {
  englishStrings,
  type UploadStrings,
  type LanguageTable,
  type Plural,
  type CountedKey,
} from './element/strings.js';
export { germanStrings } from './element/locales/de.js';
export type * from './element/events.js';
export type { ProtocolName, ProtocolOptions } from './core/adapter.js';

import type { FileIntake } from './file-intake.js';
import type { OpenFolders } from './folder-groups.js';
import type { LanguageController } from './language.js';
import { isResumable, type UploaderView } from './resumable-upload.templates.js';
import type { UploadStrings } from './strings.js';
import type { UploadQueueController } from './upload-queue.js';
import { UploadStatus, type UploadSnapshot } from './upload-types.js';

/** What the view reads from the element itself: its settings, uploads and methods. */
export interface ViewedElement {
  readonly text: UploadStrings;
  readonly uploads: UploadSnapshot[];
  readonly accept: string;
  readonly multiple: boolean;
  readonly directory: boolean;
  readonly maxFileSize?: number;
  said(id: string): string | undefined;
  start(id?: string): void;
  pause(id?: string): void;
  resume(id?: string): void;
  cancel(id?: string): void;
  retry(id?: string): void;
  clearFinished(): void;
}

/** The element's controllers and state the view needs, which the element keeps private. */
export interface ViewParts {
  language: LanguageController;
  queue: UploadQueueController;
  intake: FileIntake;
  folders: OpenFolders;
  disabled: boolean;
  liveMessage: string;
}

/** Everything `renderUploader` shows and every action its buttons take, for one render. */
export function uploaderView(el: ViewedElement, parts: ViewParts): UploaderView {
  const { language, queue, intake, folders, disabled } = parts;
  return {
    text: el.text,
    locale: language.locale,
    dir: language.dir,
    pending: language.pending,
    count: (key, count, values) => language.count(key, count, values),
    said: (id) => el.said(id),
    thumbnail: (id) => queue.view.thumbnail(id),
    disabled,
    accept: el.accept,
    multiple: el.multiple,
    directory: el.directory,
    folders,
    maxFileSize: el.maxFileSize,
    uploads: el.uploads,
    holding: queue.view.holding(),
    totals: () => queue.view.totals(),
    liveMessage: parts.liveMessage,
    dropZone: intake,
    pick: (id) => intake.pick(id),
    pickFolder: () => intake.pickFolder(),
    start: () => el.start(),
    pause: (id) => el.pause(id),
    resume: (id) => el.resume(id),
    cancel: (id) => el.cancel(id),
    retry: (id) => el.retry(id),
    backgroundOf: (id) =>
      queue.background.offers(id)
        ? 'offered'
        : queue.background.handedOff(id)
          ? 'handed-off'
          : undefined,
    continueInBackground: (id) => void queue.background.handOff(id),
    dismiss: (id) => queue.dismiss(id),
    clearFinished: () => el.clearFinished(),
    resumeAll: () => {
      for (const u of el.uploads) if (isResumable(u)) queue.start(u.id);
    },
    cancelUnfinished: () => {
      for (const u of el.uploads) {
        if (u.status !== UploadStatus.done && u.status !== UploadStatus.error && !u.elsewhere) {
          queue.cancel(u.id);
        }
      }
    },
  };
}

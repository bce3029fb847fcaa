import { ResumableUpload } from './element/resumable-upload.component.js';

export { ResumableUpload };

if (!customElements.get('resumable-upload')) {
  customElements.define('resumable-upload', ResumableUpload);
}

declare global {
  interface HTMLElementTagNameMap {
    'resumable-upload': ResumableUpload;
  }
}

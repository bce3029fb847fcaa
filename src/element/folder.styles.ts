import { css } from 'lit';

/**
 * A folder's line in the list and the disclosure that opens it (folder-groups.ts). Added
 * before the element's own styles, so its compact and forced-colors rules still win.
 */
export const folderStyles = css`
  .folder {
    display: grid;
    gap: 0.4rem;
    padding: 0.625rem var(--resumable-upload-gap);
    border: 1px solid var(--resumable-upload-border);
    border-radius: calc(var(--resumable-upload-radius) - 2px);
  }
  .folder-line {
    display: flex;
    align-items: center;
    gap: 0.25rem var(--resumable-upload-gap);
    flex-wrap: wrap;
  }
  .folder-line .actions {
    margin-inline-start: auto;
  }
  .disclosure {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    border: none;
    background: none;
    padding-inline-start: 0;
  }
  .chevron::before {
    content: '▸';
    display: inline-block;
  }
  .disclosure[aria-expanded='true'] .chevron::before {
    transform: rotate(90deg);
  }
  [dir='rtl'] .chevron::before {
    content: '◂';
  }
  [dir='rtl'] .disclosure[aria-expanded='true'] .chevron::before {
    transform: rotate(-90deg);
  }
  .folder-files[hidden] {
    display: none;
  }
`;

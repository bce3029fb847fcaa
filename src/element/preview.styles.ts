import { css } from 'lit';

/**
 * A row's type badge and, over it, an image's thumbnail (preview.templates.ts). Added
 * before the element's own styles, so its compact and forced-colors rules still win.
 */
export const previewStyles = css`
  .badge {
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 6px;
    background: var(--resumable-upload-surface);
    border: 1px solid color-mix(in srgb, var(--resumable-upload-accent) 45%, transparent);
    color: var(--resumable-upload-accent);
    font-size: 0.6875em;
    font-weight: 700;
    letter-spacing: 0.02em;
  }
  .status-done .badge {
    border-color: color-mix(in srgb, var(--resumable-upload-success) 45%, transparent);
    color: var(--resumable-upload-success);
  }
  .status-error .badge {
    border-color: color-mix(in srgb, var(--resumable-upload-danger) 45%, transparent);
    color: var(--resumable-upload-danger);
  }
  /*
   * An image's picture covers its type, which shows again if the picture fails. Contained:
   * a picture that arrives lays out and paints this square only, not the list.
   */
  .badge.pictured {
    position: relative;
    overflow: hidden;
    contain: strict;
  }
  .thumbnail {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
`;

import { css } from 'lit';

export const styles = css`
  :host {
    --resumable-upload-accent: #2563eb;
    --resumable-upload-accent-contrast: #ffffff;
    --resumable-upload-surface: #ffffff;
    --resumable-upload-text: #1f2937;
    --resumable-upload-muted: #4b5563;
    --resumable-upload-border: #cbd5e1;
    --resumable-upload-track: #e2e8f0;
    --resumable-upload-success: #15803d;
    --resumable-upload-danger: #b91c1c;
    --resumable-upload-radius: 8px;
    --resumable-upload-gap: 0.75rem;
    --resumable-upload-font: system-ui, sans-serif;

    display: block;
    font-family: var(--resumable-upload-font);
    color: var(--resumable-upload-text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --resumable-upload-accent: #60a5fa;
      --resumable-upload-accent-contrast: #0b1220;
      --resumable-upload-surface: #111827;
      --resumable-upload-text: #f3f4f6;
      --resumable-upload-muted: #cbd5e1;
      --resumable-upload-border: #475569;
      --resumable-upload-track: #334155;
      --resumable-upload-success: #4ade80;
      --resumable-upload-danger: #f87171;
    }
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    background: var(--resumable-upload-surface);
    border: 2px dashed var(--resumable-upload-border);
    border-radius: var(--resumable-upload-radius);
    padding: var(--resumable-upload-gap);
  }
  .base.dragging {
    border-color: var(--resumable-upload-accent);
    border-style: solid;
  }
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--resumable-upload-gap);
  }
  button {
    font: inherit;
    border-radius: calc(var(--resumable-upload-radius) - 2px);
    border: 1px solid var(--resumable-upload-border);
    background: transparent;
    color: inherit;
    padding: 0.35rem 0.75rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--resumable-upload-accent);
    border-color: var(--resumable-upload-accent);
    color: var(--resumable-upload-accent-contrast);
  }
  button:focus-visible {
    outline: 3px solid var(--resumable-upload-accent);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .hint,
  .meta {
    color: var(--resumable-upload-muted);
    font-size: 0.875em;
  }
  ul {
    list-style: none;
    margin: var(--resumable-upload-gap) 0 0;
    padding: 0;
    display: grid;
    gap: var(--resumable-upload-gap);
  }
  li {
    display: grid;
    gap: 0.35rem;
  }
  .row {
    display: flex;
    justify-content: space-between;
    gap: var(--resumable-upload-gap);
    flex-wrap: wrap;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .track {
    height: 0.5rem;
    border-radius: 999px;
    background: var(--resumable-upload-track);
    overflow: hidden;
  }
  .bar {
    height: 100%;
    background: var(--resumable-upload-accent);
    transition: width 0.2s linear;
  }
  .status-done .bar {
    background: var(--resumable-upload-success);
  }
  .status-error .bar {
    background: var(--resumable-upload-danger);
  }
  .message {
    margin: 0;
    font-size: 0.875em;
  }
  .status-error .message {
    color: var(--resumable-upload-danger);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (forced-colors: active) {
    .bar {
      background: Highlight;
    }
    .track {
      border: 1px solid CanvasText;
    }
    .base.dragging {
      border-color: Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bar {
      transition: none;
    }
  }
`;

import { css } from 'lit';

/**
 * Colours follow the page's `color-scheme` through `light-dark()`: a page
 * that declares `color-scheme: light dark` gets the dark set under
 * `prefers-color-scheme: dark`; `color-scheme: dark` on the element forces it.
 * Every colour is a `--resumable-upload-*` property, defaulted on `:host`.
 */
export const styles = css`
  :host {
    --resumable-upload-accent: light-dark(#2563eb, #60a5fa);
    --resumable-upload-accent-contrast: light-dark(#fff, #0b1220);
    --resumable-upload-surface: light-dark(#fff, #0f172a);
    --resumable-upload-surface-raised: light-dark(#f8fafc, #1e293b);
    --resumable-upload-text: light-dark(#1f2937, #f1f5f9);
    --resumable-upload-muted: light-dark(#4b5563, #cbd5e1);
    --resumable-upload-border: light-dark(#cbd5e1, #475569);
    --resumable-upload-track: light-dark(#e2e8f0, #334155);
    --resumable-upload-success: light-dark(#15803d, #4ade80);
    --resumable-upload-danger: light-dark(#b91c1c, #fca5a5);
    --resumable-upload-warning: light-dark(#a16207, #fcd34d);
    --resumable-upload-radius: 10px;
    --resumable-upload-gap: 0.75rem;
    --resumable-upload-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --resumable-upload-font-size: 1rem;

    display: block;
    font-family: var(--resumable-upload-font);
    font-size: var(--resumable-upload-font-size);
    line-height: 1.4;
    color: var(--resumable-upload-text);
  }
  /* Browsers without light-dark(): the light set, and the dark one by media query. */
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --resumable-upload-accent: #2563eb;
      --resumable-upload-accent-contrast: #fff;
      --resumable-upload-surface: #fff;
      --resumable-upload-surface-raised: #f8fafc;
      --resumable-upload-text: #1f2937;
      --resumable-upload-muted: #4b5563;
      --resumable-upload-border: #cbd5e1;
      --resumable-upload-track: #e2e8f0;
      --resumable-upload-success: #15803d;
      --resumable-upload-danger: #b91c1c;
      --resumable-upload-warning: #a16207;
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --resumable-upload-accent: #60a5fa;
        --resumable-upload-accent-contrast: #0b1220;
        --resumable-upload-surface: #0f172a;
        --resumable-upload-surface-raised: #1e293b;
        --resumable-upload-text: #f1f5f9;
        --resumable-upload-muted: #cbd5e1;
        --resumable-upload-border: #475569;
        --resumable-upload-track: #334155;
        --resumable-upload-success: #4ade80;
        --resumable-upload-danger: #fca5a5;
        --resumable-upload-warning: #fcd34d;
      }
    }
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    position: relative;
    background: var(--resumable-upload-surface);
    border: 2px dashed var(--resumable-upload-border);
    border-radius: var(--resumable-upload-radius);
    padding: calc(var(--resumable-upload-gap) * 1.5);
    transition:
      border-color 0.15s,
      background-color 0.15s;
  }
  .base.dragging {
    border-color: var(--resumable-upload-accent);
    border-style: solid;
    background: color-mix(
      in srgb,
      var(--resumable-upload-accent) 8%,
      var(--resumable-upload-surface)
    );
  }
  .base.disabled {
    opacity: 0.7;
  }
  /* Laid out, but no word shown before the table of the element's language is here. */
  .base.pending {
    visibility: hidden;
  }
  .dropzone {
    display: flex;
    align-items: center;
    gap: var(--resumable-upload-gap);
  }
  .icon {
    flex: none;
    color: var(--resumable-upload-accent);
  }
  .prompt {
    display: grid;
    gap: 0.25rem;
    flex: 1;
    min-width: 0;
  }
  .prompt-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem var(--resumable-upload-gap);
  }
  .limits {
    color: var(--resumable-upload-muted);
    font-size: 0.8125em;
  }
  button {
    font: inherit;
    font-size: 0.875em;
    font-weight: 500;
    border-radius: calc(var(--resumable-upload-radius) - 4px);
    border: 1px solid var(--resumable-upload-border);
    background: var(--resumable-upload-surface);
    color: inherit;
    padding: 0.4rem 0.8rem;
    min-height: 2rem;
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover:not(:disabled) {
    border-color: var(--resumable-upload-accent);
  }
  button.primary {
    background: var(--resumable-upload-accent);
    border-color: var(--resumable-upload-accent);
    color: var(--resumable-upload-accent-contrast);
    font-size: 0.9375em;
    font-weight: 600;
  }
  button.primary:hover:not(:disabled) {
    background: color-mix(
      in srgb,
      var(--resumable-upload-accent) 85%,
      var(--resumable-upload-text)
    );
  }
  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--resumable-upload-accent);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .hint {
    color: var(--resumable-upload-muted);
    font-size: 0.875em;
  }
  .meta {
    color: var(--resumable-upload-muted);
    font-size: 0.8125em;
    font-variant-numeric: tabular-nums;
  }
  .drop-overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    border-radius: calc(var(--resumable-upload-radius) - 2px);
    background: color-mix(in srgb, var(--resumable-upload-surface) 88%, transparent);
    color: var(--resumable-upload-accent);
    font-weight: 600;
    font-size: 1.125em;
    pointer-events: none;
    opacity: 0;
    transition: opacity 0.15s;
  }
  .dragging .drop-overlay {
    opacity: 1;
  }
  .summary {
    display: grid;
    gap: 0.4rem;
    margin-block-start: var(--resumable-upload-gap);
    padding-block-start: var(--resumable-upload-gap);
    border-block-start: 1px solid var(--resumable-upload-border);
  }
  .summary-line {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem var(--resumable-upload-gap);
  }
  .summary-count {
    font-weight: 600;
    font-size: 0.9375em;
  }
  .toolbar,
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  ul {
    list-style: none;
    margin: 0;
    margin-block-start: var(--resumable-upload-gap);
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .item {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.25rem var(--resumable-upload-gap);
    padding: 0.625rem var(--resumable-upload-gap);
    border: 1px solid var(--resumable-upload-border);
    border-radius: calc(var(--resumable-upload-radius) - 2px);
    background: var(--resumable-upload-surface-raised);
  }
  .body {
    display: grid;
    gap: 0.3rem;
    min-width: 0;
  }
  .row {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.25rem var(--resumable-upload-gap);
    flex-wrap: wrap;
  }
  .row.meta .status {
    margin-inline-start: auto;
    font-weight: 600;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
    min-width: 0;
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
    /* Scaled, not sized, and stepped (no transition: repaints come at most five
       times a second): a width transition would lay out and paint on the main
       thread every frame of an upload. */
    transform-origin: left;
  }
  /* Right to left, the bar grows from the right. The element sets dir on its frame
     (language.ts), so an attribute selector serves every engine. */
  [dir='rtl'] .bar {
    transform-origin: right;
  }
  .status-uploading .status,
  .status-queued .status {
    color: var(--resumable-upload-accent);
  }
  .status-done .bar {
    background: var(--resumable-upload-success);
  }
  .status-done .status {
    color: var(--resumable-upload-success);
  }
  .status-error .status,
  .status-error .message {
    color: var(--resumable-upload-danger);
  }
  .status-error .bar {
    background: var(--resumable-upload-danger);
  }
  .status-paused .bar,
  .status-restored .bar {
    background: var(--resumable-upload-warning);
  }
  .status-paused .status,
  .status-restored .status {
    color: var(--resumable-upload-warning);
  }
  .elsewhere .bar {
    background-image: repeating-linear-gradient(
      -45deg,
      transparent 0 6px,
      color-mix(in srgb, var(--resumable-upload-surface) 35%, transparent) 6px 12px
    );
  }
  .message,
  .result {
    margin: 0;
    font-size: 0.8125em;
    overflow-wrap: anywhere;
  }
  .result {
    color: var(--resumable-upload-muted);
  }
  .result-label {
    margin-inline-end: 0.25em;
  }
  .result a {
    color: var(--resumable-upload-accent);
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.95em;
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

  /* Compact: one dense line per file, for sidebars and table cells. */
  :host([compact]) {
    --resumable-upload-gap: 0.5rem;
    font-size: calc(var(--resumable-upload-font-size) * 0.875);
  }
  :host([compact]) .base {
    padding: var(--resumable-upload-gap);
    border-width: 1px;
  }
  :host([compact]) .icon,
  :host([compact]) .badge,
  :host([compact]) .limits {
    display: none;
  }
  :host([compact]) .item {
    grid-template-columns: minmax(0, 1fr) auto;
    padding: 0.375rem 0.5rem;
  }
  :host([compact]) .track {
    height: 0.3rem;
  }
  :host([compact]) button {
    padding: 0.2rem 0.55rem;
    min-height: 1.75rem;
  }

  @media (max-width: 32rem) {
    .item {
      grid-template-columns: auto minmax(0, 1fr);
    }
    .actions {
      grid-column: 1 / -1;
    }
  }

  @media (forced-colors: active) {
    .base,
    .item,
    .folder,
    button {
      border-color: CanvasText;
    }
    .base.dragging {
      border-color: Highlight;
    }
    button.primary {
      background: ButtonText;
      color: ButtonFace;
      forced-color-adjust: none;
    }
    button:focus-visible,
    a:focus-visible {
      outline-color: Highlight;
    }
    .track {
      border: 1px solid CanvasText;
    }
    .bar {
      background: Highlight;
      forced-color-adjust: none;
    }
    .drop-overlay {
      background: Canvas;
      color: Highlight;
    }
    .badge {
      border: 1px solid CanvasText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .base,
    .drop-overlay {
      transition: none;
    }
  }
`;

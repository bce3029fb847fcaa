import { html, nothing } from 'lit';

/**
 * The square before a file's name: its type (`PNG`, `PDF`), with the picture of an image
 * over it once made (thumbnails.ts). Hidden from assistive technology, as the name beside
 * it says the same. A picture the page's CSP refuses (`img-src` without `data:`) hides
 * itself and the type shows again.
 */
export function badge(type: string, thumbnail: string | undefined) {
  return html`<span class="badge ${thumbnail ? 'pictured' : ''}" aria-hidden="true"
    >${type}${
      thumbnail
        ? html`<img
            part="thumbnail"
            class="thumbnail"
            src=${thumbnail}
            alt=""
            decoding="async"
            @error=${hide}
          />`
        : nothing
    }</span
  >`;
}

function hide(event: Event): void {
  (event.target as HTMLElement).hidden = true;
}

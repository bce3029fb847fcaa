import type { Page } from '@playwright/test';
import { expect, fileInput, mountOn, test, waitForEvent } from './fixtures.js';

/**
 * The shipped bundle speaks the page's language and fetches only that language's
 * table: one module request for a page in French, none for a page in English, one
 * for any number of uploaders.
 */

/** Every request for a translation table (`dist/locales/*.js`) from now on. */
function tableRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/locales/')) seen.push(path);
  });
  return seen;
}

async function openIn(page: Page, url: string, lang: string) {
  await page.goto(url);
  await page.evaluate((tag) => (document.documentElement.lang = tag), lang);
}

test('a page in French loads the French table and no other, once for two uploaders', async ({
  page,
  pages,
  api,
}) => {
  const requests = tableRequests(page);
  await openIn(page, `${pages.url}/index.html`, 'fr');
  const attributes = { protocol: 'content-range', endpoint: `${api.url}/content-range` };
  await mountOn(page, { ...attributes, 'auto-start': true });
  await mountOn(page, attributes);
  await expect(page.locator('resumable-upload [part=button]')).toHaveText([
    'Choisir des fichiers',
    'Choisir des fichiers',
  ]);
  await page
    .locator(fileInput)
    .first()
    .setInputFiles({
      name: 'rapport.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(300 * 1024, 7),
    });
  await waitForEvent(page, 'upload-success');
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Terminé');
  await expect(page.locator('resumable-upload .bytes')).toHaveText('300\u00a0ko sur 300\u00a0ko');
  expect(requests).toEqual(['/dist/locales/fr.js']);
});

test('a page in English loads no table; one in Arabic only the Arabic one, mirrored', async ({
  page,
  pages,
  api,
}) => {
  const requests = tableRequests(page);
  await openIn(page, `${pages.url}/index.html`, 'en');
  await mountOn(page, { protocol: 'content-range', endpoint: `${api.url}/content-range` });
  await expect(page.locator('resumable-upload [part=button]')).toHaveText('Choose files');
  expect(requests).toEqual([]);

  await openIn(page, `${pages.url}/index.html`, 'ar');
  await mountOn(page, { protocol: 'content-range', endpoint: `${api.url}/content-range` });
  await expect(page.locator('resumable-upload [part=button]')).toHaveText('اختر الملفات');
  await expect(page.locator('resumable-upload [part=base]')).toHaveAttribute('dir', 'rtl');
  expect(requests).toEqual(['/dist/locales/ar.js']);
});

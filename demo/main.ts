import '../src/resumable-upload.js';
import type { ResumableUpload } from '../src/resumable-upload.js';

/**
 * The demo page: one uploader per protocol against the reference server that
 * `npm start` runs. `?api=` and `?tus=` point it at other servers.
 */
const params = new URL(location.href).searchParams;
const api = params.get('api') ?? `http://${location.hostname}:4010`;
const tusEndpoint = params.get('tus') ?? `http://${location.hostname}:4020/files/`;
const bearer = { Authorization: 'Bearer demo-token' };
// DocSpace authenticates with a cookie; the demo server checks this one.
document.cookie = 'asc_auth_key=demo-key; path=/; SameSite=Lax';

interface DemoProtocol {
  protocol: ResumableUpload['protocol'];
  title: string;
  about: string;
  endpoint: string;
  faultProtocol: string;
  configure?: (el: ResumableUpload) => void;
}

const protocols: DemoProtocol[] = [
  {
    protocol: 'content-range',
    title: 'Content-Range (Google Cloud Storage, Redivis)',
    about: 'One chunk at a time; after any failure the server is asked what it holds.',
    endpoint: `${api}/content-range`,
    faultProtocol: 'content-range',
    configure: (el) => {
      // A function, asked before every request, as a page with expiring tokens would do.
      el.headers = async () => bearer;
    },
  },
  {
    protocol: 'segments',
    title: 'Segments (Oracle Commerce Cloud)',
    about: 'Base64 segments encoded in the worker, three in flight.',
    endpoint: `${api}/ccadmin/v1/files`,
    faultProtocol: 'segments',
    configure: (el) => {
      el.headers = bearer;
      el.metadata = { uploadType: 'general' };
    },
  },
  {
    protocol: 'multipart',
    title: 'Multipart (S3-style presigned parts)',
    about: 'Parts go straight to presigned URLs, four in flight, then one complete call.',
    endpoint: `${api}/multipart/uploads/multipart`,
    faultProtocol: 'multipart',
    configure: (el) => {
      el.headers = bearer;
    },
  },
  {
    protocol: 'chunked-session',
    title: 'Chunked session (ONLYOFFICE DocSpace)',
    about: '10 MiB form-data chunks in order, authenticated by cookie.',
    endpoint: `${api}/api/2.0/files/1841/upload/create_session`,
    faultProtocol: 'chunked-session',
    configure: (el) => {
      el.withCredentials = true;
    },
  },
  {
    protocol: 'tus',
    title: 'tus 1.0 (the real @tus/server)',
    about: 'The open resumable protocol, against the reference implementation.',
    endpoint: tusEndpoint,
    faultProtocol: 'tus',
  },
];

const main = document.querySelector('#protocols')!;
const log = document.querySelector('#log')!;
for (const demo of protocols) {
  const section = document.createElement('section');
  section.className = 'protocol';
  const heading = document.createElement('h2');
  heading.textContent = demo.title;
  const about = document.createElement('p');
  about.textContent = demo.about;
  const el = document.createElement('resumable-upload');
  el.protocol = demo.protocol;
  el.endpoint = demo.endpoint;
  el.multiple = true;
  el.autoStart = true;
  demo.configure?.(el);
  section.append(heading, about, el);
  main.append(section);
}

for (const type of [
  'upload-start',
  'upload-success',
  'upload-error',
  'upload-restored',
  'upload-paused',
] as const) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const { name, ...rest } = (event as CustomEvent).detail as Record<string, unknown>;
    delete rest.id;
    item.textContent = `${type} ${String(name)} ${JSON.stringify(rest)}`;
    log.prepend(item);
  });
}

const faultStatus = document.querySelector('.fault-status')!;
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-fault], [data-clear]')) {
  button.addEventListener('click', async () => {
    if (button.dataset.clear !== undefined) {
      await fetch(`${api}/__admin/faults`, { method: 'DELETE' });
      faultStatus.textContent = 'Faults cleared.';
      return;
    }
    const fault = JSON.parse(button.dataset.fault!);
    // Arm it for every protocol of the reference server.
    const armed = protocols
      .filter((p) => p.protocol !== 'tus')
      .map((p) => ({ ...fault, protocol: p.faultProtocol }));
    await fetch(`${api}/__admin/faults`, { method: 'POST', body: JSON.stringify(armed) });
    faultStatus.textContent = `Armed: ${button.textContent?.trim()}.`;
  });
}

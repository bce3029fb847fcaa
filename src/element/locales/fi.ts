import type { LanguageTable, UploadStrings } from '../strings.js';

/** Finnish (`fi`). */
const finnish: UploadStrings = {
  chooseFiles: 'Valitse tiedostot',
  chooseFolder: 'Valitse kansio',
  refusedPath: (path) =>
    `Tiedostoa ${path} ei voi ladata: polku, jossa on "..", absoluuttinen osa tai ohjausmerkkejä, ei ole sallittu.`,
  dropHint: 'tai pudota tai liitä ne tähän',
  dropHere: 'Pudota tiedostot lähetettäviksi',
  limits: (accept, maxSize) =>
    [maxSize && `Enintään ${maxSize} / tiedosto`, accept && `Sallitut: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Lähetykset',
  startAll: 'Lähetä',
  pauseAll: 'Keskeytä kaikki',
  resumeAll: 'Jatka kaikkia',
  retryFailed: 'Yritä epäonnistuneita uudelleen',
  cancelAll: 'Peruuta kaikki',
  clearFinished: 'Poista valmiit',
  summary: { one: '{done}/{files} tiedosto valmis', other: '{done}/{files} tiedostoa valmiina' },
  summaryFailed: { one: '{failed} epäonnistui', other: '{failed} epäonnistui' },
  separator: ', ',
  totalProgressLabel: 'Lähetyksen kokonaisedistyminen',
  pause: 'Keskeytä',
  resume: 'Jatka',
  cancel: 'Peruuta',
  retry: 'Yritä uudelleen',
  remove: 'Poista',
  pickAgain: 'Valitse tiedosto',
  continueInBackground: 'Jatka taustalla',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Tiedoston ${name} lähetyksen edistyminen`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: 'Odottaa',
  statusUploading: 'Lähetetään',
  statusPaused: 'Keskeytetty',
  statusDone: 'Valmis',
  statusError: 'Epäonnistui',
  statusRestored: 'Katkennut',
  statusElsewhere: (status) => `${status} toisessa välilehdessä`,
  elsewhereHint:
    'Toinen välilehti lähettää tätä tiedostoa. Tämä välilehti jatkaa, jos se suljetaan.',
  restoredHint: 'Valitse sama tiedosto uudelleen jatkaaksesi siitä, mihin jäätiin.',
  restoredKeptHint:
    'Jatka-painike jatkaa siitä, mihin jäätiin, ilman että tiedostoa valitaan uudelleen.',
  notPersistent:
    'Tämä selain ei voi tallentaa edistymistä: uudelleenlatauksen jälkeen lähetys alkaa alusta.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Tallennustila on liian täynnä kopion säilyttämiseen: valitse tiedosto uudelleenlatauksen jälkeen uudelleen jatkaaksesi.'
      : 'Tämä selain ei säilytä tiedostosta kopiota täällä (yksityinen ikkuna ei säilytä): valitse tiedosto uudelleenlatauksen jälkeen uudelleen jatkaaksesi.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Tallennustila oli liian täynnä kopion säilyttämiseen: valitse sama tiedosto uudelleen jatkaaksesi siitä, mihin jäätiin.'
      : 'Tämä selain ei voinut säilyttää tiedostosta kopiota (yksityinen ikkuna ei voi): valitse sama tiedosto uudelleen jatkaaksesi siitä, mihin jäätiin.',
  resultLabel: 'Palvelimen vastaus:',
  retrying: (message) => `${message} Yritetään uudelleen…`,
  error: (code, message) =>
    ({
      network: 'Yhteys palvelimeen katkesi.',
      auth: 'Palvelin esti pääsyn.',
      'retries-exhausted': 'Lähetys epäonnistui useista yrityksistä huolimatta.',
      'session-gone': 'Palvelimella ei ole enää tätä lähetystä.',
      'file-too-large': 'Tiedosto on liian suuri palvelimelle.',
      protocol: 'Palvelin vastasi odottamattomasti.',
      internal: 'Tapahtui odottamaton virhe.',
    })[code] ?? message,
  announceAdded: { one: '{count} tiedosto lisätty', other: '{count} tiedostoa lisätty' },
  announceStart: (name) => `Lähetetään ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} lähetetty`,
  announceError: (name, message) => `${name} epäonnistui: ${message}`,
  announcePaused: (name) => `${name} keskeytetty`,
  announceResumed: (name) => `${name} jatkuu`,
  announceCancelled: (name) => `${name} peruttu`,
  announceQueueComplete: {
    one: 'Kaikki lähetykset päättyivät: {done} valmis',
    other: 'Kaikki lähetykset päättyivät: {done} valmiina',
  },
  refusedTooLarge: (name, max) => `${name} on suurempi kuin sallittu ${max}.`,
  refusedType: (name, accept) => `${name} ei ole sallittua tyyppiä (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} ei ole tiedosto, jolla tämä lähetys alkoi. Valitse ${expected} (sama, muuttumaton tiedosto) jatkaaksesi.`,
  permissionNeeded: (name) => `Salli tiedoston ${name} lukeminen jatkaaksesi tai valitse tiedosto.`,
  fileChanged: (name) =>
    `${name} on muuttunut lähetyksen alkamisen jälkeen, joten säilytetystä tiedostosta ei voi jatkaa. Valitse muuttumaton tiedosto tai peruuta.`,
  workerStopped: (detail) =>
    `Lähetyksen worker pysähtyi${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Yritä uudelleen jatkaaksesi.`,
  workerMissing:
    'Lähetyksen workeria (upload.worker.js) ei voitu ladata. Sen tiedoston on oltava paketin vieressä (katso "Bundlers" resumable-uploadin README-tiedostosta).',
  workerCrossOrigin:
    'Lähetyksen worker (upload.worker.js) on eri alkuperässä kuin tämä sivu, ja selaimet käynnistävät workereita vain sivun omasta. Kopioi se tälle sivustolle ja aseta worker-url (katso "Bundlers" resumable-uploadin README-tiedostosta).',
  formBusy: 'Odota, kunnes lähetykset ovat valmiita.',
  formRequired: 'Lähetä tiedosto.',
  timeLeft: (duration) => `${duration} jäljellä`,
} satisfies LanguageTable<'one' | 'other'>;

export default finnish;

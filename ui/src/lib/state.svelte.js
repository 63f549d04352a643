// The app's shared state: the PocketBase client, the signed-in user, the
// language, the studio settings and the current route.
import PocketBase from 'pocketbase';

/** The API client, same origin as the page. */
export const pb = new PocketBase(location.origin);
pb.autoCancellation(false);

const savedLang = localStorage.getItem('studio.lang');

/** Reactive app state shared by every component. */
export const app = $state({
  user: pb.authStore.isValid ? pb.authStore.record : null,
  lang: savedLang === 'en' || savedLang === 'es' ? savedLang : 'es',
  langChosen: !!savedLang,
  settings: null,
  route: parseHash(),
  optional: { reports: false, jobs: false },
});

pb.authStore.onChange((_token, record) => {
  app.user = pb.authStore.isValid ? record : null;
});

window.addEventListener('hashchange', () => {
  app.route = parseHash();
});

/** parseHash splits "#/sessions/abc?x=1" into path segments and a query. */
export function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  return { parts: path ? path.split('/').map(decodeURIComponent) : [], query: new URLSearchParams(query || '') };
}

/** go navigates to a hash route. */
export function go(path) {
  location.hash = '#/' + path.replace(/^\//, '');
}

/** can tells whether the signed-in user holds a permission (docs/rules.md §1). */
export function can(permission) {
  return !!app.user?.permissions?.includes(permission);
}

/** setLang switches the interface language and remembers the choice. */
export function setLang(lang) {
  app.lang = lang;
  app.langChosen = true;
  localStorage.setItem('studio.lang', lang);
  document.documentElement.lang = lang;
}

/** loadSettings reads the studio settings (language and time zone default). */
export async function loadSettings() {
  try {
    app.settings = await pb.collection('studio_settings').getFirstListItem('');
    if (!app.langChosen && (app.settings.language === 'en' || app.settings.language === 'es')) {
      app.lang = app.settings.language;
    }
  } catch {
    app.settings = null;
  }
  document.documentElement.lang = app.lang;
}

/**
 * probeOptional finds out whether the reports and job-runs APIs exist on
 * this server, so that their pages are shown only when they do.
 */
export async function probeOptional() {
  const y = new Date().toISOString().slice(0, 10);
  const reports = can('report.session')
    ? pb.send('/api/studio/reports/sessions', { query: { from: y, to: y } })
      .then((r) => !!r && typeof r === 'object' && Object.keys(r).length > 0, (e) => e.status !== 404 && e.status !== 0)
    : Promise.resolve(false);
  const jobs = can('system.settings')
    ? pb.collection('job_runs').getList(1, 1).then(() => true, () => false)
    : Promise.resolve(false);
  [app.optional.reports, app.optional.jobs] = await Promise.all([reports, jobs]);
}

/** signOut clears the session and every subscription. */
export function signOut() {
  pb.realtime.unsubscribe();
  pb.authStore.clear();
  go('');
}

/**
 * live reloads a view whenever one of the collections changes. The reload
 * asks the server again, under the caller's rules, so a record the user may
 * no longer see (a reassigned session, say) drops out instead of lingering.
 * Returns the function that stops listening.
 */
export function live(collections, reload) {
  let timer;
  let stopped = false;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(() => !stopped && reload(), 100);
  };
  const subs = collections.map((c) => pb.collection(c).subscribe('*', fire).catch(() => () => {}));
  return () => {
    stopped = true;
    clearTimeout(timer);
    subs.forEach((p) => p.then((unsub) => unsub()).catch(() => {}));
  };
}

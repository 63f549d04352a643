// The staff web app in a real Chromium against the real binary with the
// demo data: one journey per role by clicking, realtime between two
// browser contexts, a photographer never seeing another's session, and
// axe-core on every page. Screenshots go to e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { useStudio } from '../lib/server.mjs';
import { launch, signIn, shoot, axe } from '../lib/browser.mjs';
import { daysAhead, sessionIn, freePhotographer } from '../lib/fixtures.mjs';

// Emails go to a closed loopback port, so they fail at once and the admin
// has Failed entries to retry.
const studio = useStudio(PocketBase, {
  before, after,
  env: { STUDIO_SMTP_HOST: '127.0.0.1', STUDIO_SMTP_PORT: '1', STUDIO_SMTP_TLS: 'none', STUDIO_OUTBOX_MAX_ATTEMPTS: '1', STUDIO_OUTBOX_POLL_INTERVAL: '300ms' },
});
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const LIVE_MS = 2000;

/** visit checks a page with axe-core and saves its screenshot. */
async function visit(page, name, found) {
  await page.waitForLoadState('networkidle');
  await shoot(page, name);
  for (const v of await axe(page)) found.push({ page: name, ...v });
}

/** expectEventually polls check until it holds (at most 5 s). */
async function expectEventually(check) {
  for (const until = Date.now() + 5000; Date.now() < until;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('the condition never held');
}

/** studioDate is the studio's (America/Guatemala) calendar date of an instant. */
const studioDate = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Guatemala' }).format(new Date(iso));

test('coordinator: agenda, availability, search, a new session through payments, assignment conflicts and a cancellation with its refund', async () => {
  const coord = await studio.as('coordinator@studio.local');
  const found = [];
  // Paula holds a session on day +45, 08:00–11:00 studio time (14:00–17:00 UTC).
  const client = await coord.collection('clients').getFirstListItem('status = "Active"');
  const paula = await coord.collection('users').getFirstListItem('name = "Paula Photographer"');
  const blocker = await coord.collection('sessions').create({
    client: client.id, session_type: 'External', location: 'Finca', starts_at: daysAhead(45, 14), ends_at: daysAhead(45, 17),
  });
  await coord.collection('session_photographers').create({
    session: blocker.id, photographer: paula.id, coverage_start: daysAhead(45, 14), coverage_end: daysAhead(45, 17), assignment_status: 'Assigned',
  });
  const day = studioDate(daysAhead(45, 14));

  const { page, firstRenderMs } = await signIn(browser, studio.url(), 'coordinator@studio.local');
  console.log(`first render after login (coordinator): ${firstRenderMs} ms`);
  await page.getByRole('heading', { name: 'Week agenda' }).waitFor();
  await visit(page, 'coordinator-01-agenda-by-room', found);
  await page.getByRole('button', { name: 'By photographer' }).click();
  await page.getByRole('rowheader', { name: 'Paula Photographer' }).waitFor();
  await visit(page, 'coordinator-02-agenda-by-photographer', found);

  await page.getByRole('navigation').getByRole('link', { name: 'Are we free?' }).click();
  await page.getByLabel('From').fill(`${day}T08:00`);
  await page.getByLabel('To').fill(`${day}T11:00`);
  await page.getByRole('button', { name: 'Check' }).click();
  const paulaRow = page.getByTestId('photographers').locator('li', { hasText: 'Paula Photographer' });
  await paulaRow.filter({ hasText: 'Busy' }).filter({ hasText: blocker.code }).waitFor();
  await visit(page, 'coordinator-03-availability', found);

  await page.getByRole('navigation').getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByRole('searchbox').fill(blocker.code);
  await page.getByLabel('Status').selectOption('Request');
  // The filtered answer replaces the full list: exactly the one session.
  await page.waitForFunction((code) => {
    const rows = document.querySelectorAll('[data-testid=session-list] tbody tr');
    return rows.length === 1 && rows[0].textContent.includes(code);
  }, blocker.code, { timeout: 5000 });
  await visit(page, 'coordinator-04-session-list', found);

  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByRole('form', { name: 'New session' });
  await form.getByLabel('Client').selectOption({ index: 1 });
  await form.getByLabel('Room').selectOption({ index: 1 });
  await form.getByLabel('Start').fill(`${day}T08:00`);
  await form.getByLabel('End').fill(`${day}T11:00`);
  await form.getByRole('button', { name: 'Create session' }).click();
  const title = page.getByRole('heading', { level: 1 });
  await title.filter({ hasText: 'Request' }).waitFor();
  const code = (await title.textContent()).match(/S-\d{4}-\d{5}/)[0];

  // Moving the end into another booking of the room is refused with that booking named.
  const created = await coord.collection('sessions').getFirstListItem(coord.filter('code = {:c}', { c: code }));
  const roomBlocker = await coord.collection('sessions').create({
    client: client.id, session_type: 'Studio', room: created.room, starts_at: daysAhead(45, 18), ends_at: daysAhead(45, 20),
  });
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('form', { name: `Edit ${code}` });
  await edit.getByLabel('End').fill(`${day}T13:00`);
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'The room is taken' }).filter({ hasText: roomBlocker.code }).waitFor();
  await visit(page, 'coordinator-05-room-conflict', found);
  await edit.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await coord.collection('sessions').getOne(created.id)).ends_at, created.ends_at, 'the refused move changed nothing');

  await page.getByTestId('line-pick').selectOption({ index: 1 });
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Add to lines' }).click();
  await page.getByTestId('lines').locator('tbody tr').first().filter({ hasNotText: 'No lines' }).waitFor();
  await page.getByRole('radio', { name: 'Package' }).check();
  await page.getByTestId('line-pick').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Add to lines' }).click();
  await page.getByTestId('lines').getByText('(Package)').first().waitFor();
  await visit(page, 'coordinator-06-workspace-lines', found);

  const move = async (to) => {
    await page.getByRole('button', { name: `Move to ${to}` }).first().click();
    await page.getByRole('form', { name: `Move to ${to}` }).getByRole('button', { name: `Move to ${to}` }).click();
  };
  await move('Negotiation');
  await title.filter({ hasText: 'Negotiation' }).waitFor();
  await move('Pre-scheduled');
  await title.filter({ hasText: 'Pre-scheduled' }).waitFor();
  await page.getByRole('button', { name: 'Move to Confirmed' }).first().click();
  const confirm = page.getByRole('form', { name: 'Move to Confirmed' });
  await confirm.getByLabel('Document number').fill('DEP-WEB-1');
  await confirm.getByRole('button', { name: 'Move to Confirmed' }).click();
  await title.filter({ hasText: 'Confirmed' }).waitFor();
  const stored = await coord.collection('sessions').getFirstListItem(coord.filter('code = {:c}', { c: code }));
  const payments = await coord.collection('session_payments').getFullList({ filter: coord.filter('session = {:s}', { s: stored.id }) });
  assert.deepEqual(payments.map((p) => [p.payment_type, p.amount, p.payment_status]), [['Deposit', stored.deposit_amount, 'Verified']]);
  await page.getByRole('cell', { name: 'DEP-WEB-1' }).waitFor();

  await page.getByTestId('assign-pick').selectOption({ label: 'Pedro Photographer' });
  await page.getByRole('button', { name: 'Assign photographer' }).click();
  await page.getByTestId('assignments').getByText('Pedro Photographer').waitFor();
  await page.getByLabel('Reassign to').selectOption({ label: 'Paula Photographer' });
  await page.getByRole('button', { name: 'Reassign', exact: true }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'The photographer is already engaged then' });
  await conflict.filter({ hasText: blocker.code }).waitFor();
  await visit(page, 'coordinator-06b-reassign-conflict', found);

  // A balance above what is due is refused with the amounts; a fitting one is recorded.
  const pay = page.getByRole('form', { name: 'Record payment' });
  await pay.getByLabel('Payment type').selectOption('Balance');
  await pay.getByLabel('Amount').fill('99999');
  await pay.getByLabel('Document number').fill('BAL-WEB-1');
  await pay.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('alert').filter({ hasText: 'The payment exceeds the total' }).waitFor();
  await pay.getByLabel('Amount').fill('100');
  await pay.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('cell', { name: 'BAL-WEB-1' }).waitFor();

  // Assigning before the changes deadline is refused with the deadline named.
  await move('Assigned');
  await page.getByRole('alert').filter({ hasText: 'The changes deadline ends on' }).filter({ hasText: 'assignment is possible after it' }).waitFor();
  await visit(page, 'coordinator-07-deadline-refusal', found);

  await page.getByRole('button', { name: 'Move to Canceled' }).first().click();
  const cancel = page.getByRole('form', { name: 'Move to Canceled' });
  await cancel.getByLabel('Initiated by').selectOption('client');
  await cancel.getByLabel('Reason').fill('The client moved abroad');
  const preview = await page.getByTestId('refund-preview').textContent();
  assert.match(preview, /100% of net paid/);
  assert.match(preview, /the client canceled within the changes deadline/);
  await visit(page, 'coordinator-08-cancel-preview', found);
  await cancel.getByRole('button', { name: 'Move to Canceled' }).click();
  await cancel.getByRole('button', { name: 'Confirm' }).click();
  const done = page.getByRole('status').filter({ hasText: 'Canceled. Refund recorded' });
  await done.waitFor();
  await title.filter({ hasText: 'Canceled' }).waitFor();
  const refund = await coord.collection('session_payments').getFirstListItem(coord.filter('session = {:s} && payment_type = "Refund"', { s: stored.id }));
  assert.equal(refund.amount, Math.round((stored.deposit_amount + 100) * 100) / 100, 'a client canceling before the changes deadline gets 100% of deposit + balance back');
  assert.match(await done.textContent(), /\(100%\): the client canceled within the changes deadline/);
  const shown = (re, text) => text.match(re)[1];
  assert.equal(shown(/Refund recorded: (.+?) \(/, await done.textContent()), shown(/Expected refund: (.+?) \(/, preview), 'the preview matched the server');
  await visit(page, 'coordinator-09-canceled', found);

  await page.getByLabel('Language').selectOption('es');
  await page.getByRole('navigation').getByRole('link', { name: 'Sesiones', exact: true }).waitFor();
  await visit(page, 'coordinator-10-spanish', found);
  await page.getByLabel('Idioma').selectOption('en');

  // A client whose sessions were all canceled (three of three) is high risk.
  const risky = await coord.collection('clients').create({ full_name: 'Rita Riesgo', email: `rita.${Date.now()}@example.com`, primary_phone: '+502 5555 0000', client_type: 'Individual', status: 'Active' });
  for (let i = 0; i < 3; i++) {
    const r = await coord.collection('sessions').create({ client: risky.id, session_type: 'External', location: 'Antigua', starts_at: daysAhead(60 + i, 15), ends_at: daysAhead(60 + i, 16) });
    await coord.send(`/api/studio/sessions/${r.id}/transitions`, { method: 'POST', body: { to: 'Canceled', reason: 'Changed plans', initiator: 'client' } });
  }
  // The studio derives the flag in the transaction of the third cancellation.
  assert.equal((await coord.collection('clients').getOne(risky.id)).high_risk, true, 'three of three canceled makes a client high risk');

  await page.getByRole('navigation').getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('searchbox').fill('Rita Riesgo');
  await page.getByRole('row', { name: /Rita Riesgo/ }).getByText('High risk', { exact: true }).waitFor();
  await page.getByRole('searchbox').fill('');
  await page.getByRole('button', { name: client.full_name, exact: true }).click();
  await page.getByRole('link', { name: blocker.code }).waitFor();
  await visit(page, 'coordinator-11-clients', found);
  await page.context().close();
  assert.deepEqual(found, []);
});

test('photographer on a phone: my sessions today first, the contact, mark attended, the calendar feed; never another photographer\'s session', async () => {
  const coord = await studio.as('coordinator@studio.local');
  const { session, photographer } = await sessionIn(coord, 'Assigned');
  const found = [];
  // Spanish, the studio's language, since this browser never chose one.
  const { page, firstRenderMs } = await signIn(browser, studio.url(), photographer.email, { lang: null, viewport: { width: 390, height: 844 } });
  console.log(`first render after login (photographer): ${firstRenderMs} ms`);
  await page.getByRole('heading', { name: 'Mis sesiones' }).waitFor();
  const today = page.getByTestId('mine.today');
  await today.getByText(session.code).waitFor();
  const card = today.locator('li.card', { hasText: session.code });
  const client = await coord.collection('clients').getOne(session.client);
  await card.getByText(client.primary_phone).waitFor();
  assert.ok(!(await card.textContent()).includes(client.secondary_phone || '\u0000'), 'no secondary phone');
  await visit(page, 'photographer-01-my-sessions', found);

  const others = await coord.collection('session_photographers').getFullList({
    filter: coord.filter('photographer != {:me} && assignment_status != "Reassigned"', { me: photographer.id }), expand: 'session',
  });
  const mine = new Set((await coord.collection('session_photographers').getFullList({
    filter: coord.filter('photographer = {:me} && assignment_status != "Reassigned"', { me: photographer.id }), expand: 'session',
  })).map((a) => a.expand.session.code));
  const text = await page.locator('main').textContent();
  for (const a of others) {
    if (!mine.has(a.expand.session.code)) assert.ok(!text.includes(a.expand.session.code), `${a.expand.session.code} belongs to another photographer`);
  }

  // The session starts seconds after it was set up; attending needs its start.
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(session.starts_at) - Date.now() + 50)));
  await card.getByRole('button', { name: 'Marcar asistida' }).click();
  await today.locator('li.card', { hasText: session.code }).getByText('Asistida', { exact: true }).waitFor();
  assert.equal((await coord.collection('sessions').getOne(session.id)).status, 'Attended');
  assert.match(await page.getByTestId('feed').inputValue(), /\/api\/studio\/calendar\/[A-Za-z0-9]+\.ics$/);

  await page.getByRole('button', { name: 'Menú principal' }).click();
  await page.getByRole('link', { name: 'Mis sesiones' }).waitFor();
  await visit(page, 'photographer-02-menu-open', found);
  await page.getByRole('link', { name: session.code }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: session.code }).waitFor();
  await page.getByRole('link', { name: client.email }).waitFor();
  await visit(page, 'photographer-03-workspace', found);
  await page.context().close();
  assert.deepEqual(found, []);
});

test('editor: the queue by urgency with loads, take a session, change its editing days with an observation, mark material ready', async () => {
  const coord = await studio.as('coordinator@studio.local');
  const { session } = await sessionIn(coord, 'Attended');
  const found = [];
  const { page, firstRenderMs } = await signIn(browser, studio.url(), 'editor@studio.local');
  console.log(`first render after login (editor): ${firstRenderMs} ms`);
  await page.getByTestId('queue').getByText(session.code, { exact: true }).waitFor();
  await page.getByTestId('loads').getByText('Elena Editor').waitFor();
  await visit(page, 'editor-01-queue', found);

  await page.getByRole('button', { name: `Take ${session.code}` }).click();
  const card = page.getByTestId('mine-editing').locator('li.card', { hasText: session.code });
  await card.waitFor();
  await card.getByLabel('Editing days').fill('12');
  await card.getByLabel('Observation').fill('Album retouching takes longer');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/editing-days')), card.getByRole('button', { name: 'Change days' }).click()]);
  await visit(page, 'editor-02-in-editing', found);
  const changed = await coord.collection('sessions').getOne(session.id);
  assert.equal(changed.estimated_editing_days, 12);
  assert.match(changed.editor_observations, /Album retouching takes longer/);

  await page.getByTestId('mine-editing').locator('li.card', { hasText: session.code }).getByRole('button', { name: `Material ready ${session.code}` }).click();
  await page.getByTestId('mine-editing').locator('li.card', { hasText: session.code }).waitFor({ state: 'detached' });
  assert.equal((await coord.collection('sessions').getOne(session.id)).status, 'Ready for Delivery');
  await visit(page, 'editor-03-after-ready', found);
  await page.context().close();
  assert.deepEqual(found, []);
});

test('admin: catalog, rooms, roles, settings, failed emails with retry; reports and job runs only where their API exists', async () => {
  const owner = await studio.as('owner@studio.local');
  const found = [];
  const { page, firstRenderMs } = await signIn(browser, studio.url(), 'owner@studio.local');
  console.log(`first render after login (admin): ${firstRenderMs} ms`);
  const nav = page.getByRole('navigation', { name: 'Main menu' });

  await nav.getByRole('link', { name: 'Catalog' }).click();
  const newItem = page.getByRole('form', { name: 'New item' });
  await newItem.getByLabel('Code').fill('WEB-PRINT');
  await newItem.getByLabel('Name').fill('Web print 20x30');
  await newItem.getByLabel('Price').fill('12.50');
  await newItem.getByRole('button', { name: 'New item' }).click();
  await page.getByRole('cell', { name: 'WEB-PRINT', exact: true }).waitFor();
  assert.equal((await owner.collection('items').getFirstListItem('code = "WEB-PRINT"')).unit_price, 12.5);
  const newPackage = page.getByRole('form', { name: 'New package' });
  await newPackage.getByLabel('Code').fill('WEB-PKG');
  await newPackage.getByLabel('Name').fill('Web prints pack');
  await newPackage.getByLabel('Base price').fill('100');
  await newPackage.getByRole('button', { name: 'New package' }).click();
  const addPart = page.getByRole('form', { name: 'Add to package WEB-PKG' });
  await addPart.getByLabel('Item').selectOption({ label: 'WEB-PRINT · Web print 20x30' });
  await addPart.getByLabel('Quantity').fill('10');
  await addPart.getByRole('button', { name: 'Add to package' }).click();
  await page.getByTestId('package-items').getByText('10 × WEB-PRINT').waitFor();
  const pkg = await owner.collection('packages').getFirstListItem('code = "WEB-PKG"');
  const parts = await owner.collection('package_items').getFullList({ filter: owner.filter('package = {:p}', { p: pkg.id }), expand: 'item' });
  assert.deepEqual(parts.map((x) => [x.expand.item.code, x.quantity]), [['WEB-PRINT', 10]]);
  await visit(page, 'admin-01-catalog', found);

  await nav.getByRole('link', { name: 'Rooms' }).click();
  const newRoom = page.getByRole('form', { name: 'New room' });
  await newRoom.getByLabel('Code').fill('R-WEB');
  await newRoom.getByLabel('Name').fill('Web room');
  await newRoom.getByRole('button', { name: 'New room' }).click();
  await page.getByRole('cell', { name: 'R-WEB', exact: true }).waitFor();
  await visit(page, 'admin-02-rooms', found);

  await nav.getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('group', { name: 'Photographer' }).waitFor();
  const photographerRole = await owner.collection('roles').getFirstListItem('name = "Photographer"');
  const grant = page.getByRole('checkbox', { name: 'Edgar Editor: Photographer' });
  await grant.check();
  await page.getByRole('button', { name: 'Save Edgar Editor' }).click();
  await page.getByRole('status').filter({ hasText: 'Edgar Editor' }).waitFor();
  const edgar = await owner.collection('users').getFirstListItem('name = "Edgar Editor"');
  assert.ok(edgar.roles.includes(photographerRole.id));
  assert.ok(edgar.permissions.includes('session.mark-attended'), 'permissions follow the roles');
  await visit(page, 'admin-03-roles', found);
  await grant.uncheck();
  await page.getByRole('button', { name: 'Save Edgar Editor' }).click();
  await expectEventually(async () => !(await owner.collection('users').getOne(edgar.id)).roles.includes(photographerRole.id));

  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Studio name').fill('Estudio Luz');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.locator('header').getByText('Estudio Luz').waitFor();
  await visit(page, 'admin-04-settings', found);

  await nav.getByRole('link', { name: 'Failed emails' }).click();
  const retry = page.getByTestId('outbox').getByRole('button', { name: 'Retry' }).first();
  await retry.waitFor({ timeout: 20000 });
  await visit(page, 'admin-05-failed-emails', found);
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().includes('/retry')), retry.click()]);
  assert.equal(answer.status(), 200);
  assert.equal((await answer.json()).status, 'Pending');

  for (const [label, probe] of [
    ['Reports', () => owner.send('/api/studio/reports/sessions', { query: { from: '2026-01-01', to: '2026-02-01' } })],
    ['Job runs', () => owner.collection('job_runs').getList(1, 1)],
  ]) {
    const exists = await probe().then(() => true, (e) => e.status !== 404);
    const link = nav.getByRole('link', { name: label });
    if (!exists) {
      assert.equal(await link.count(), 0, `${label} is absent while its API is`);
      continue;
    }
    await link.click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(page, `admin-06-${label.toLowerCase().replace(' ', '-')}`, found);
  }
  await page.context().close();

  // A browser that never chose a language follows the studio's.
  const settings = await owner.collection('studio_settings').getFirstListItem('');
  await owner.collection('studio_settings').update(settings.id, { language: 'en' });
  const fresh = await signIn(browser, studio.url(), 'editor2@studio.local', { lang: null });
  await fresh.page.getByRole('heading', { name: 'Editing queue', level: 1 }).waitFor();
  await fresh.context.close();
  await owner.collection('studio_settings').update(settings.id, { language: 'es' });
  assert.deepEqual(found, []);
});

test('realtime: a change in one browser shows in another within 2 s without reload; a reassigned session leaves the old photographer\'s page', async () => {
  const coord = await studio.as('coordinator@studio.local');
  const client = await coord.collection('clients').getFirstListItem('status = "Active"');
  const s = await coord.collection('sessions').create({ client: client.id, session_type: 'External', location: 'Live', starts_at: daysAhead(50, 15), ends_at: daysAhead(50, 17) });

  const watcher = (await signIn(browser, studio.url(), 'coordinator@studio.local')).page;
  await watcher.getByRole('navigation').getByRole('link', { name: 'Sessions', exact: true }).click();
  await watcher.getByRole('searchbox').fill(s.code);
  const row = watcher.getByTestId('session-list').locator('tr', { hasText: s.code });
  await row.getByText('Request', { exact: true }).waitFor();
  await watcher.evaluate(() => { window.__sameDocument = true; });

  const actor = (await signIn(browser, studio.url(), 'owner@studio.local')).page;
  await actor.goto(`${studio.url()}/#/sessions/${s.id}`);
  await actor.getByRole('button', { name: 'Move to Negotiation' }).first().click();
  await actor.getByRole('form', { name: 'Move to Negotiation' }).getByRole('button', { name: 'Move to Negotiation' }).click();
  const t0 = Date.now();
  await row.getByText('Negotiation', { exact: true }).waitFor({ timeout: LIVE_MS });
  console.log(`status change seen by the other browser after ${Date.now() - t0} ms`);
  assert.equal(await watcher.evaluate(() => window.__sameDocument), true, 'no reload');

  // Two photographers' pages; the session moves from one to the other.
  const { session, photographer } = await sessionIn(coord, 'Assigned', { leadMs: 3 * 24 * 3600e3 });
  // The one it moves to must be free then: the demo photographers' own
  // sessions fall at different times of the day the suite runs.
  const iso = (v) => new Date(v.replace(' ', 'T')).toISOString();
  const other = await freePhotographer(coord, iso(session.starts_at), iso(session.ends_at));
  const otherEmail = other.email;
  const from = (await signIn(browser, studio.url(), photographer.email)).page;
  const to = (await signIn(browser, studio.url(), otherEmail)).page;
  await from.getByText(session.code).waitFor();
  await to.getByRole('heading', { name: 'My sessions' }).waitFor();
  await to.waitForLoadState('networkidle');
  assert.equal(await to.getByText(session.code).count(), 0);
  const unreadBefore = await from.getByTestId('bell').textContent();

  const assignment = await coord.collection('session_photographers').getFirstListItem(coord.filter('session = {:s} && assignment_status != "Reassigned"', { s: session.id }));
  await coord.send(`/api/studio/sessions/${session.id}/photographers/${assignment.id}/reassign`, { method: 'POST', body: { photographer: other.id } });
  const t1 = Date.now();
  await from.getByText(session.code).waitFor({ state: 'detached', timeout: LIVE_MS });
  await to.getByText(session.code).first().waitFor({ timeout: LIVE_MS });
  console.log(`reassignment reflected in both photographers' pages after ${Date.now() - t1} ms`);
  await from.waitForFunction((before) => document.querySelector('[data-testid=bell]').textContent !== before, unreadBefore, { timeout: LIVE_MS });
  await shoot(to, 'realtime-new-photographer');
  for (const p of [watcher, actor, from, to]) await p.context().close();
});

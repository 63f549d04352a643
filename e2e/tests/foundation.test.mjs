// The foundation through the official JS SDK: demo logins, scoped reads,
// limited client fields, deactivation, and realtime scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { EventSource } from 'eventsource';
import { useStudio, DEMO_PASSWORD } from '../lib/server.mjs';

globalThis.EventSource = EventSource;

const STAFF = [
  ['owner@studio.local', 'Admin'],
  ['coordinator@studio.local', 'Coordinator'],
  ['photographer@studio.local', 'Photographer'],
  ['photographer2@studio.local', 'Photographer'],
  ['editor@studio.local', 'Editor'],
  ['editor2@studio.local', 'Editor'],
];
const PUBLIC_CLIENT_FIELDS = ['id', 'collectionId', 'collectionName', 'full_name', 'email', 'primary_phone'];

const studio = useStudio(PocketBase, { before, after });
const as = studio.as;

test('the health endpoint and the web app answer', async () => {
  const pb = new PocketBase(studio.url());
  const health = await pb.health.check();
  assert.equal(health.code, 200);
  const page = await fetch(studio.url() + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Studio/);
  const dashboard = await fetch(studio.url() + '/_/');
  assert.equal(dashboard.status, 200);
});

test('every demo login authenticates and carries its role', async () => {
  for (const [email, role] of STAFF) {
    const pb = await as(email);
    assert.equal(pb.authStore.record.email, email);
    const me = await pb.collection('users').getOne(pb.authStore.record.id, { expand: 'roles' });
    assert.deepEqual(me.expand.roles.map((r) => r.name), [role], `${email} should be ${role}`);
  }
  const admin = new PocketBase(studio.url());
  await admin.collection('_superusers').authWithPassword('admin@studio.local', DEMO_PASSWORD);
  assert.ok(admin.authStore.isSuperuser);
});

test('a photographer sees only their sessions and only public client fields', async () => {
  const pb = await as('photographer@studio.local');
  const me = pb.authStore.record.id;
  const sessions = await pb.collection('sessions').getFullList({ expand: 'client' });
  assert.ok(sessions.length > 0, 'the demo gives the photographer sessions');
  for (const s of sessions) {
    assert.ok(s.assigned_photographers.includes(me), `${s.code} is not theirs`);
    assert.deepEqual(Object.keys(s.expand.client).sort(), [...PUBLIC_CLIENT_FIELDS].sort());
  }
  const coordinator = await as('coordinator@studio.local');
  const all = await coordinator.collection('sessions').getFullList();
  assert.ok(all.length > sessions.length, 'a coordinator sees more sessions than one photographer');
});

test('a forbidden write answers 403/404 through the SDK error', async () => {
  const pb = await as('editor@studio.local');
  await assert.rejects(
    pb.collection('clients').create({ full_name: 'X', email: 'x@example.com', primary_phone: '1' }),
    (err) => err.status === 400 || err.status === 403,
  );
  const filter = pb.collection('clients').getList(1, 10, { filter: 'notes ~ "VIP"' });
  await assert.rejects(filter, (err) => err.status === 403 && err.response.data.notes.code === 'FORBIDDEN');
});

test('deleting a client deactivates it and keeps its history', async () => {
  const owner = await as('owner@studio.local');
  const client = await owner.collection('clients').create({
    full_name: 'Temporary Client', email: `temp-${Date.now()}@example.com`, primary_phone: '+502 1',
  });
  await owner.collection('clients').delete(client.id);
  const kept = await owner.collection('clients').getOne(client.id);
  assert.equal(kept.status, 'Inactive');
});

test('realtime delivers a photographer only their own sessions', async () => {
  const photographer = await as('photographer@studio.local');
  const me = photographer.authStore.record.id;
  const received = [];
  const unsubscribe = await photographer.collection('sessions').subscribe('*', (e) => received.push(e.record), { expand: 'client' });

  const coordinator = await as('coordinator@studio.local');
  const all = await coordinator.collection('sessions').getFullList();
  const mine = all.find((s) => s.assigned_photographers.includes(me));
  const others = all.filter((s) => !s.assigned_photographers.includes(me) && ['Request', 'Negotiation', 'Pre-scheduled', 'Confirmed'].includes(s.status));
  assert.ok(mine && others.length > 0, 'the demo has sessions of both kinds');
  const owner = await as('owner@studio.local');
  await owner.collection('sessions').update(mine.id, { special_notes: 'realtime check' });
  for (const s of others) await coordinator.collection('sessions').update(s.id, { special_notes: 'realtime check' });

  const until = Date.now() + 3000;
  while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  await unsubscribe();

  assert.deepEqual(received.map((r) => r.id), [mine.id]);
  assert.deepEqual(Object.keys(received[0].expand.client).sort(), [...PUBLIC_CLIENT_FIELDS].sort());
});

// The studio's own rules through the official JS SDK against the real
// binary: transitions, the error contract in ClientResponseError, room
// conflicts, the availability answer and the editing queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { useStudio } from '../lib/server.mjs';

const studio = useStudio(PocketBase, { before, after });
const as = studio.as;

function daysAhead(days, hour) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

test('a coordinator walks a new session forward; an illegal status answers INVALID_STATE_TRANSITION', async () => {
  const pb = await as('coordinator@studio.local');
  const client = (await pb.collection('clients').getList(1, 1)).items[0];
  const session = await pb.collection('sessions').create({
    client: client.id, session_type: 'External', location: 'Antigua',
    starts_at: daysAhead(60, 15), ends_at: daysAhead(60, 18),
  });
  assert.match(session.code, /^S-\d{4}-\d{5}$/);
  assert.equal(session.status, 'Request');

  const moved = await pb.send(`/api/studio/sessions/${session.id}/transitions`, {
    method: 'POST', body: { to: 'Negotiation' },
  });
  assert.equal(moved.status, 'Negotiation');

  await assert.rejects(pb.collection('sessions').update(session.id, { status: 'Completed' }), (err) => {
    assert.equal(err.status, 409);
    const data = err.response.data;
    const [field] = Object.keys(data);
    assert.equal(data[field].code, 'INVALID_STATE_TRANSITION');
    assert.equal(data[field].params.from, 'Negotiation');
    return true;
  });
  const history = await pb.collection('session_status_history').getFullList({ filter: pb.filter('session = {:s}', { s: session.id }) });
  assert.deepEqual(history.map((h) => h.new_status), ['Negotiation']);
});

test('double-booking a room answers ROOM_NOT_AVAILABLE with the conflicting session', async () => {
  const pb = await as('coordinator@studio.local');
  const client = (await pb.collection('clients').getList(1, 1)).items[0];
  const room = (await pb.collection('rooms').getFullList({ filter: 'status = "Active"' }))[0];
  const first = await pb.collection('sessions').create({
    client: client.id, session_type: 'Studio', room: room.id, starts_at: daysAhead(70, 14), ends_at: daysAhead(70, 16),
  });
  await assert.rejects(pb.collection('sessions').create({
    client: client.id, session_type: 'Studio', room: room.id, starts_at: daysAhead(70, 15), ends_at: daysAhead(70, 17),
  }), (err) => {
    assert.equal(err.status, 409);
    assert.equal(err.response.data.room.code, 'ROOM_NOT_AVAILABLE');
    assert.deepEqual(err.response.data.room.params.conflicts.map((c) => c.code), [first.code]);
    return true;
  });

  const availability = await pb.send('/api/studio/availability', {
    query: { starts_at: daysAhead(70, 15), ends_at: daysAhead(70, 16) },
  });
  const busy = availability.rooms.find((r) => r.id === room.id);
  assert.equal(busy.free, false);
  assert.equal(busy.blockers[0].code, first.code);
});

test('editors read the editing queue; photographers may not', async () => {
  const editor = await as('editor@studio.local');
  const queue = await editor.send('/api/studio/editing-queue', {});
  assert.ok(Array.isArray(queue.sessions) && queue.sessions.length > 0, 'the demo has an Attended session');
  assert.ok(queue.editors.some((e) => e.id === editor.authStore.record.id));

  const photographer = await as('photographer@studio.local');
  await assert.rejects(photographer.send('/api/studio/editing-queue', {}), (err) => err.status === 403);
});

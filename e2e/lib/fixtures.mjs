import { DEMO_PASSWORD } from './server.mjs';

// What a browser journey needs, made through the JS SDK as the coordinator
// so that no journey depends on the exact demo data.

/** isoIn answers the instant ms milliseconds from now. */
export const isoIn = (ms) => new Date(Date.now() + ms).toISOString();

/** daysAhead answers the instant days from now at hour:00 UTC. */
export function daysAhead(days, hour) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/**
 * freePhotographer picks a photographer the availability answer shows
 * free. When every photographer is booked then (the demo's session under
 * way and earlier journeys take them), the studio owner hires one more:
 * a new Active user holding the Photographer role.
 */
export async function freePhotographer(coord, startsAt, endsAt) {
  const a = await coord.send('/api/studio/availability', { query: { starts_at: startsAt, ends_at: endsAt } });
  const free = a.photographers.find((p) => p.free);
  if (free) return free;
  const owner = new coord.constructor(coord.baseURL);
  await owner.collection('users').authWithPassword('owner@studio.local', DEMO_PASSWORD);
  const role = await owner.collection('roles').getFirstListItem('name = "Photographer"');
  const email = `fixture-photographer-${Date.now()}@studio.local`;
  const u = await owner.collection('users').create({
    email, name: 'Fixture Photographer', password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD, roles: [role.id], status: 'Active', verified: true,
  });
  return { id: u.id, email, name: u.name, free: true };
}

/**
 * photographerByEmail finds a photographer's id through the availability
 * answer (users' emails are not visible to coordinators through the API).
 */
export async function photographerByEmail(coord, email) {
  const a = await coord.send('/api/studio/availability', { query: { starts_at: isoIn(3600e3), ends_at: isoIn(7200e3) } });
  const p = a.photographers.find((x) => x.email === email);
  if (!p) throw new Error(`no photographer ${email}`);
  return p;
}

/**
 * sessionIn brings a new External session, starting a few seconds from
 * now, to Assigned (with photographer) or Attended, through the real
 * transitions: Request → Negotiation must happen before the start, and
 * Assigned → Attended after it.
 */
export async function sessionIn(coord, status, { photographer, leadMs = 6000, location = 'Fixture place' } = {}) {
  const startsAt = isoIn(leadMs);
  const endsAt = isoIn(leadMs + 2 * 3600e3);
  const who = photographer || (await freePhotographer(coord, startsAt, endsAt));
  const client = await coord.collection('clients').getFirstListItem('status = "Active"');
  const item = await coord.collection('items').getFirstListItem('status = "Active" && unit_price > 0');
  const s = await coord.collection('sessions').create({ client: client.id, session_type: 'External', location, starts_at: startsAt, ends_at: endsAt });
  const move = (to, extra = {}) => coord.send(`/api/studio/sessions/${s.id}/transitions`, { method: 'POST', body: { to, ...extra } });
  await move('Negotiation');
  await coord.send(`/api/studio/sessions/${s.id}/lines`, { method: 'POST', body: { item: item.id, quantity: 1 } });
  const pre = await move('Pre-scheduled');
  await move('Confirmed', { deposit: { amount: pre.deposit_amount.toFixed(2), document_number: 'DEP-' + s.code, method: 'Cash' } });
  await coord.collection('session_photographers').create({
    session: s.id, photographer: who.id, coverage_start: startsAt, coverage_end: endsAt, assignment_status: 'Assigned', is_lead: true,
  });
  let out = await move('Assigned');
  if (status === 'Attended') {
    const wait = Date.parse(startsAt) - Date.now() + 50;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    out = await move('Attended');
  }
  return { session: out, photographer: who };
}

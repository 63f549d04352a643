// Date helpers: calendar-date keys for week views, and the values of
// <input type="datetime-local"> read and written in the studio's time zone
// (instants go to the API in UTC).
import { app } from './state.svelte.js';

/** mondayKey is the Monday (YYYY-MM-DD) of the week holding the date key. */
export function mondayKey(key) {
  const d = new Date(key + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** shiftKey moves a date key (YYYY-MM-DD) by n days. */
export function shiftKey(key, n) {
  const d = new Date(key + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function zone() {
  return app.settings?.timezone || 'America/Guatemala';
}

/** wallClock is an instant's date and time in the studio's zone, as YYYY-MM-DDTHH:MM. */
function wallClock(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone(), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** toInput formats an instant for <input type="datetime-local">, in studio time. */
export function toInput(value) {
  return value ? wallClock(new Date(value).getTime()) : '';
}

/** fromInput turns a studio-time datetime-local value into an ISO instant. */
export function fromInput(value) {
  if (!value) return '';
  const asUTC = Date.parse(value + ':00Z');
  let ms = asUTC - (Date.parse(wallClock(asUTC) + ':00Z') - asUTC);
  // A second pass settles instants next to a daylight-saving change.
  ms = asUTC - (Date.parse(wallClock(ms) + ':00Z') - ms);
  return new Date(ms).toISOString();
}

// Turns an API refusal into human sentences: each §10 code of
// docs/rules.md §10 (data.<field>.code) with what its params name — the
// conflicting sessions, the deadline, the amounts, the missing resources.
import { t, when, money, status, has } from './i18n.js';

function conflictList(conflicts) {
  return (conflicts || []).map((c) => `${c.code} (${status(c.status)}, ${when(c.starts_at)}–${when(c.ends_at)})`).join('; ');
}

function sentence(field, item) {
  const p = item.params || {};
  switch (item.code) {
    case 'INVALID_STATE_TRANSITION': {
      let s = p.from && p.to ? t('err.INVALID_STATE_TRANSITION', { from: status(p.from), to: status(p.to) }) : t('err.INVALID_STATE_TRANSITION.plain');
      if (p.changes_deadline) s += ' ' + t('err.changesNotYet', { deadline: when(p.changes_deadline) });
      if (Array.isArray(p.allowed) && p.allowed.length) s += ' ' + t('err.allowed', { list: p.allowed.map(status).join(', ') });
      return s;
    }
    case 'PAYMENT_DEADLINE_EXPIRED':
      return t('err.PAYMENT_DEADLINE_EXPIRED', { deadline: when(p.payment_deadline) });
    case 'CHANGES_DEADLINE_EXPIRED':
      return t('err.CHANGES_DEADLINE_EXPIRED', { deadline: when(p.changes_deadline) });
    case 'INSUFFICIENT_PAYMENT':
      return t('err.INSUFFICIENT_PAYMENT', { need: money(p.deposit_amount), have: money(p.verified_deposit) });
    case 'ROOM_NOT_AVAILABLE':
      if (p.reason === 'room_inactive' || p.reason === 'room_maintenance') return t('err.' + p.reason);
      return t('err.ROOM_NOT_AVAILABLE', { list: conflictList(p.conflicts) });
    case 'PHOTOGRAPHER_NOT_AVAILABLE':
      return t('err.PHOTOGRAPHER_NOT_AVAILABLE', { list: conflictList(p.conflicts) });
    case 'EDITOR_AT_CAPACITY':
      return t('err.EDITOR_AT_CAPACITY', { n: p.in_editing, max: p.max });
    case 'INVALID_SESSION_DATE':
      return t('err.INVALID_SESSION_DATE', { date: when(p.starts_at) });
    case 'MISSING_RESOURCES':
      return t('err.MISSING_RESOURCES', { list: (p.missing || []).map((m) => (has('missing.' + m) ? t('missing.' + m) : m)).join(', ') });
    case 'PAYMENT_EXCEEDS_TOTAL':
      return t('err.PAYMENT_EXCEEDS_TOTAL', { total: money(p.total), paid: money(p.paid) });
    case 'BALANCE_DUE':
      return t('err.BALANCE_DUE', { paid: money(p.net_paid), total: money(p.total) });
    case 'IMMUTABLE_SESSION':
      return t('err.IMMUTABLE_SESSION', { status: p.status ? status(p.status) : '' }) +
        (p.changes_deadline ? ' ' + t('err.CHANGES_DEADLINE_EXPIRED', { deadline: when(p.changes_deadline) }) : '');
    case 'FORBIDDEN':
      return t('err.FORBIDDEN', { permission: p.permission || '' });
    case 'SESSION_NOT_FOUND':
      return t('err.SESSION_NOT_FOUND');
    case 'VALIDATION_ERROR':
      return t('err.VALIDATION_ERROR', { field, message: item.message || '' });
    default:
      return t('err.VALIDATION_ERROR', { field, message: item.message || item.code });
  }
}

/** describe answers the sentences explaining why the API refused err. */
export function describe(err) {
  if (!err) return [];
  if (err.status === 0 || err.isAbort) return [t('err.network')];
  const data = err.response?.data || {};
  const out = [];
  for (const [field, item] of Object.entries(data)) {
    if (item && typeof item === 'object' && item.code) out.push(sentence(field, item));
  }
  if (!out.length) {
    if (err.status === 404) out.push(t('err.SESSION_NOT_FOUND'));
    else if (err.status === 403) out.push(t('err.FORBIDDEN', { permission: '' }));
    else out.push(t('err.generic', { message: err.response?.message || err.message || '' }));
  }
  return out;
}

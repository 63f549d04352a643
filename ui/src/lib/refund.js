// The refund matrix of docs/rules.md §5.3, computed in the browser from the
// studio settings and the verified payments, to show the refund before a
// cancellation is confirmed. The server computes it again and its answer is
// shown afterwards; this is only the preview.

/** cents turns an amount (number or decimal string) into integer cents. */
export function cents(v) {
  return Math.round(Number(v || 0) * 100);
}

/** netPaidCents is verified Deposit + Balance − Refund, in cents. */
export function netPaidCents(payments) {
  let n = 0;
  for (const p of payments) {
    if (p.payment_status !== 'Verified') continue;
    n += p.payment_type === 'Refund' ? -cents(p.amount) : cents(p.amount);
  }
  return n;
}

/** refundPreview applies the matrix; answers {rule, pct, amountCents}. */
export function refundPreview(session, initiator, paidCents, settings, now = new Date()) {
  const byClient = initiator === 'client';
  let rule;
  let pct = 0;
  switch (session.status) {
    case 'Confirmed':
      if (!byClient) [rule, pct] = ['REFUND_FORCE_MAJEURE', settings.refund_force_majeure];
      else if (!session.changes_deadline || now <= new Date(session.changes_deadline)) [rule, pct] = ['REFUND_WITHIN_DEADLINE', settings.refund_within_deadline];
      else [rule, pct] = ['REFUND_AFTER_DEADLINE', settings.refund_after_deadline];
      break;
    case 'Assigned':
      if (byClient) [rule, pct] = ['REFUND_CLIENT_AFTER_ASSIGNED', settings.refund_client_after_assigned];
      else [rule, pct] = ['REFUND_FORCE_MAJEURE', settings.refund_force_majeure];
      break;
    case 'Request':
    case 'Negotiation':
    case 'Pre-scheduled':
      [rule, pct] = ['REFUND_BEFORE_CONFIRMATION', 100];
      break;
    default:
      rule = 'NO_REFUND_AFTER_ATTENDED';
  }
  const amountCents = paidCents > 0 ? Math.round((paidCents * Number(pct || 0)) / 100) : 0;
  return { rule, pct: Number(pct || 0), amountCents };
}

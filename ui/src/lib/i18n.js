// The interface's words in Spanish and English, and the formatting of
// dates and money in the studio's time zone and currency.
import { app } from './state.svelte.js';

const es = {
  'app.name': 'Studio',
  'nav.agenda': 'Agenda', 'nav.availability': '¿Estamos libres?', 'nav.sessions': 'Sesiones', 'nav.clients': 'Clientes',
  'nav.mine': 'Mis sesiones', 'nav.queue': 'Cola de edición', 'nav.catalog': 'Catálogo', 'nav.rooms': 'Salas',
  'nav.roles': 'Roles', 'nav.settings': 'Ajustes', 'nav.outbox': 'Correos fallidos', 'nav.reports': 'Informes', 'nav.jobs': 'Tareas',
  'nav.menu': 'Menú principal',
  'login.title': 'Iniciar sesión', 'login.email': 'Correo electrónico', 'login.password': 'Contraseña', 'login.submit': 'Entrar',
  'login.failed': 'Correo o contraseña incorrectos, o la cuenta está inactiva.',
  'logout': 'Cerrar sesión', 'lang': 'Idioma', 'loading': 'Cargando…', 'none': 'Nada que mostrar.', 'save': 'Guardar',
  'cancel': 'Cancelar', 'confirm': 'Confirmar', 'add': 'Agregar', 'close': 'Cerrar', 'search': 'Buscar', 'all': 'Todos',
  'from': 'Desde', 'to': 'Hasta', 'saved': 'Guardado.', 'done': 'Hecho.', 'edit': 'Editar', 'back': 'Volver',
  'bell': 'Notificaciones', 'bell.unread': '{n} sin leer', 'bell.empty': 'Sin notificaciones.', 'bell.readAll': 'Marcar todo como leído',
  'status': 'Estado', 'date': 'Fecha', 'client': 'Cliente', 'type': 'Tipo', 'room': 'Sala', 'code': 'Código', 'name': 'Nombre',
  'location': 'Lugar', 'total': 'Total', 'amount': 'Monto', 'subtotal': 'Subtotal', 'discount': 'Descuento', 'transport': 'Transporte',
  'email': 'Correo', 'phone': 'Teléfono', 'phone2': 'Teléfono secundario', 'address': 'Dirección de entrega', 'notes': 'Notas',
  'description': 'Descripción', 'price': 'Precio', 'quantity': 'Cantidad', 'actions': 'Acciones', 'photographer': 'Fotógrafo',
  'photographers': 'Fotógrafos', 'editor': 'Editor', 'starts': 'Inicio', 'ends': 'Fin', 'capacity': 'Capacidad',
  'agenda.title': 'Agenda de la semana', 'agenda.byRoom': 'Por sala', 'agenda.byPhotographer': 'Por fotógrafo',
  'agenda.prev': 'Semana anterior', 'agenda.next': 'Semana siguiente', 'agenda.today': 'Esta semana', 'agenda.noRoom': 'Sin sala',
  'agenda.unassigned': 'Sin fotógrafo',
  'avail.title': '¿Estamos libres?', 'avail.ask': 'Consultar', 'avail.free': 'Libre', 'avail.busy': 'Ocupado',
  'avail.rooms': 'Salas', 'avail.blockedBy': 'Ocupado por {list}',
  'avail.room_maintenance': 'En mantenimiento', 'avail.room_inactive': 'Inactiva',
  'sessions.title': 'Sesiones', 'sessions.search': 'Buscar por código, cliente o lugar', 'sessions.new': 'Nueva sesión',
  'sessions.create': 'Crear sesión', 'sessions.event': 'Descripción del evento',
  'ws.client': 'Cliente', 'ws.lines': 'Detalle', 'ws.payments': 'Pagos', 'ws.next': 'Siguiente paso', 'ws.team': 'Equipo',
  'ws.history': 'Historial', 'ws.addItem': 'Artículo', 'ws.addPackage': 'Paquete', 'ws.pick': 'Elegir…', 'ws.addLine': 'Agregar al detalle',
  'ws.remove': 'Quitar', 'ws.deposit': 'Anticipo', 'ws.depositDue': 'Anticipo requerido: {amount}', 'ws.netPaid': 'Pagado neto',
  'ws.balance': 'Saldo pendiente', 'ws.doc': 'Número de documento', 'ws.method': 'Método', 'ws.payDate': 'Fecha de pago',
  'ws.payType': 'Tipo de pago', 'ws.registerPayment': 'Registrar pago', 'ws.reason': 'Motivo', 'ws.initiator': 'Iniciado por',
  'ws.refundPreview': 'Reembolso previsto: {amount} ({pct}% del pagado neto {paid}): {rule}.',
  'ws.refundDone': 'Cancelada. Reembolso registrado: {amount} ({pct}%): {rule}.',
  'rule.REFUND_BEFORE_CONFIRMATION': 'antes de confirmar se reembolsa todo lo pagado',
  'rule.REFUND_WITHIN_DEADLINE': 'el cliente canceló dentro del plazo de cambios',
  'rule.REFUND_AFTER_DEADLINE': 'el cliente canceló después del plazo de cambios',
  'rule.REFUND_FORCE_MAJEURE': 'cancelada por el estudio o por fuerza mayor',
  'rule.REFUND_CLIENT_AFTER_ASSIGNED': 'el cliente canceló con los recursos ya asignados',
  'rule.NO_REFUND_AFTER_ATTENDED': 'la sesión ya se realizó',
  'ws.move': 'Pasar a {to}', 'ws.lead': 'Principal', 'ws.assign': 'Asignar fotógrafo', 'ws.reassign': 'Reasignar',
  'ws.reassignTo': 'Reasignar a', 'ws.coverageStart': 'Cobertura desde', 'ws.coverageEnd': 'Cobertura hasta',
  'ws.deadlinePay': 'Límite de pago', 'ws.deadlineChanges': 'Límite de cambios', 'ws.delivery': 'Entrega estimada',
  'ws.editingDays': 'Días de edición', 'ws.observations': 'Observaciones del editor', 'ws.readonly': 'Solo lectura en este estado.',
  'ws.contact': 'Contacto', 'ws.highRisk': 'Alto riesgo', 'ws.noPayments': 'Sin pagos.', 'ws.noLines': 'Sin líneas.',
  'init.client': 'El cliente', 'init.company': 'El estudio', 'init.force_majeure': 'Fuerza mayor',
  'clients.title': 'Clientes', 'clients.search': 'Buscar cliente', 'clients.new': 'Nuevo cliente', 'clients.sessions': 'Sesiones del cliente',
  'mine.title': 'Mis sesiones', 'mine.today': 'Hoy', 'mine.upcoming': 'Próximas', 'mine.past': 'Anteriores', 'mine.attended': 'Marcar asistida',
  'mine.feed': 'Mi calendario', 'mine.feedHelp': 'Suscríbase a este enlace en su aplicación de calendario. Es secreto.',
  'mine.rotate': 'Cambiar enlace',
  'queue.title': 'Cola de edición', 'queue.load': 'Carga de editores', 'queue.take': 'Tomar', 'queue.mine': 'En edición conmigo',
  'queue.ready': 'Material listo', 'queue.days': 'Cambiar días', 'queue.observation': 'Observación', 'queue.of': '{n} de {max}',
  'queue.full': 'al límite',
  'catalog.items': 'Artículos', 'catalog.packages': 'Paquetes', 'catalog.newItem': 'Nuevo artículo', 'catalog.unit': 'Unidad',
  'catalog.baseprice': 'Precio base', 'catalog.newPackage': 'Nuevo paquete', 'catalog.contents': 'Contenido',
  'catalog.addToPackage': 'Agregar al paquete', 'catalog.deactivate': 'Desactivar', 'catalog.activate': 'Activar',
  'rooms.new': 'Nueva sala', 'roles.permissions': 'Permisos', 'roles.staff': 'Personal y sus roles',
  'set.studio_name': 'Nombre del estudio',
  'set.payment_deadline_days': 'Días para pagar el anticipo',
  'set.changes_deadline_days': 'Días antes de la sesión para cambios',
  'set.default_editing_days': 'Días de edición por defecto',
  'set.default_deposit_percentage': 'Anticipo por defecto (%)',
  'set.refund_within_deadline': 'Reembolso dentro del plazo (%)',
  'set.refund_after_deadline': 'Reembolso después del plazo (%)',
  'set.refund_force_majeure': 'Reembolso por fuerza mayor o el estudio (%)',
  'set.refund_client_after_assigned': 'Reembolso si el cliente cancela ya asignada (%)',
  'set.remote_transportation_cost': 'Transporte sugerido a lugares lejanos',
  'set.max_concurrent_editing_sessions': 'Máximo de sesiones en edición por editor',
  'set.require_full_payment_to_complete': 'Exigir pago completo para completar',
  'set.timezone': 'Zona horaria',
  'set.currency': 'Moneda',
  'set.language': 'Idioma del estudio',
  'settings.title': 'Ajustes del estudio', 'outbox.title': 'Correos fallidos', 'outbox.retry': 'Reintentar', 'outbox.error': 'Error',
  'outbox.attempts': 'Intentos', 'outbox.recipient': 'Destinatario', 'outbox.template': 'Plantilla',
  'reports.title': 'Informes', 'reports.sessions': 'Sesiones', 'reports.financial': 'Finanzas', 'reports.performance': 'Desempeño',
  'jobs.title': 'Ejecuciones de tareas', 'reports.byStatus': 'Por estado', 'reports.byMonth': 'Por mes',
  'reports.net': 'Ingreso neto por mes', 'reports.outstanding': 'Saldos pendientes', 'reports.expected': 'Ingreso esperado',
  'reports.conversion': 'Conversión', 'reports.cancelRate': 'Tasa de cancelación', 'reports.photographerSessions': 'Sesiones por fotógrafo',
  'reports.editorSessions': 'Sesiones entregadas por editor',
  'jobs.job': 'Tarea', 'jobs.examined': 'Revisados', 'jobs.changed': 'Cambiados', 'jobs.errors': 'Errores', 'jobs.summary': 'Resumen',
  'jobs.dry': 'simulación',
  'err.network': 'No se pudo contactar al servidor.', 'err.generic': 'El servidor rechazó la acción: {message}',
  'err.SESSION_NOT_FOUND': 'La sesión no existe o ya no puede verla.',
  'err.INVALID_STATE_TRANSITION': 'Una sesión en {from} no puede pasar a {to}.',
  'err.INVALID_STATE_TRANSITION.plain': 'Ese cambio de estado no está permitido ahora.',
  'err.allowed': 'Pasos permitidos: {list}.',
  'err.PAYMENT_DEADLINE_EXPIRED': 'El plazo de pago venció el {deadline}.',
  'err.CHANGES_DEADLINE_EXPIRED': 'El plazo para cambios venció el {deadline}.',
  'err.changesNotYet': 'El plazo para cambios termina el {deadline}; la asignación es posible después.',
  'err.INSUFFICIENT_PAYMENT': 'Falta anticipo: se requieren {need} y hay {have} verificados.',
  'err.ROOM_NOT_AVAILABLE': 'La sala está ocupada: {list}.',
  'err.room_inactive': 'La sala está inactiva y no se puede reservar.',
  'err.room_maintenance': 'La sala está en mantenimiento y no se puede reservar.',
  'err.PHOTOGRAPHER_NOT_AVAILABLE': 'El fotógrafo ya tiene trabajo a esa hora: {list}.',
  'err.EDITOR_AT_CAPACITY': 'El editor ya tiene {n} sesiones en edición (máximo {max}).',
  'err.INVALID_SESSION_DATE': 'La fecha de la sesión ({date}) no es válida para este paso.',
  'err.MISSING_RESOURCES': 'Faltan recursos: {list}.',
  'err.PAYMENT_EXCEEDS_TOTAL': 'El pago supera el total: total {total}, ya pagado {paid}.',
  'err.BALANCE_DUE': 'Queda saldo pendiente: pagado {paid} de {total}.',
  'err.IMMUTABLE_SESSION': 'La sesión ya no se puede modificar en el estado {status}.',
  'err.FORBIDDEN': 'No tiene permiso para esto ({permission}).',
  'err.VALIDATION_ERROR': 'Dato no válido en «{field}»: {message}',
  'missing.photographer': 'un fotógrafo', 'missing.room': 'una sala',
  'st.Request': 'Solicitud', 'st.Negotiation': 'Negociación', 'st.Pre-scheduled': 'Preagendada', 'st.Confirmed': 'Confirmada',
  'st.Assigned': 'Asignada', 'st.Attended': 'Asistida', 'st.In Editing': 'En edición', 'st.Ready for Delivery': 'Lista para entrega',
  'st.Completed': 'Completada', 'st.Canceled': 'Cancelada',
  'tp.Studio': 'Estudio', 'tp.External': 'Externa', 'tp.Both': 'Ambas',
  'pt.Deposit': 'Anticipo', 'pt.Balance': 'Saldo', 'pt.Refund': 'Reembolso',
  'ps.Pending': 'Pendiente', 'ps.Verified': 'Verificado', 'ps.Rejected': 'Rechazado',
};

const en = {
  'app.name': 'Studio',
  'nav.agenda': 'Agenda', 'nav.availability': 'Are we free?', 'nav.sessions': 'Sessions', 'nav.clients': 'Clients',
  'nav.mine': 'My sessions', 'nav.queue': 'Editing queue', 'nav.catalog': 'Catalog', 'nav.rooms': 'Rooms',
  'nav.roles': 'Roles', 'nav.settings': 'Settings', 'nav.outbox': 'Failed emails', 'nav.reports': 'Reports', 'nav.jobs': 'Job runs',
  'nav.menu': 'Main menu',
  'login.title': 'Sign in', 'login.email': 'Email', 'login.password': 'Password', 'login.submit': 'Sign in',
  'login.failed': 'Wrong email or password, or the account is inactive.',
  'logout': 'Sign out', 'lang': 'Language', 'loading': 'Loading…', 'none': 'Nothing to show.', 'save': 'Save',
  'cancel': 'Cancel', 'confirm': 'Confirm', 'add': 'Add', 'close': 'Close', 'search': 'Search', 'all': 'All',
  'from': 'From', 'to': 'To', 'saved': 'Saved.', 'done': 'Done.', 'edit': 'Edit', 'back': 'Back',
  'bell': 'Notifications', 'bell.unread': '{n} unread', 'bell.empty': 'No notifications.', 'bell.readAll': 'Mark all as read',
  'status': 'Status', 'date': 'Date', 'client': 'Client', 'type': 'Type', 'room': 'Room', 'code': 'Code', 'name': 'Name',
  'location': 'Location', 'total': 'Total', 'amount': 'Amount', 'subtotal': 'Subtotal', 'discount': 'Discount', 'transport': 'Transportation',
  'email': 'Email', 'phone': 'Phone', 'phone2': 'Secondary phone', 'address': 'Delivery address', 'notes': 'Notes',
  'description': 'Description', 'price': 'Price', 'quantity': 'Quantity', 'actions': 'Actions', 'photographer': 'Photographer',
  'photographers': 'Photographers', 'editor': 'Editor', 'starts': 'Start', 'ends': 'End', 'capacity': 'Capacity',
  'agenda.title': 'Week agenda', 'agenda.byRoom': 'By room', 'agenda.byPhotographer': 'By photographer',
  'agenda.prev': 'Previous week', 'agenda.next': 'Next week', 'agenda.today': 'This week', 'agenda.noRoom': 'No room',
  'agenda.unassigned': 'No photographer',
  'avail.title': 'Are we free?', 'avail.ask': 'Check', 'avail.free': 'Free', 'avail.busy': 'Busy',
  'avail.rooms': 'Rooms', 'avail.blockedBy': 'Held by {list}',
  'avail.room_maintenance': 'Under maintenance', 'avail.room_inactive': 'Inactive',
  'sessions.title': 'Sessions', 'sessions.search': 'Search by code, client or location', 'sessions.new': 'New session',
  'sessions.create': 'Create session', 'sessions.event': 'Event description',
  'ws.client': 'Client', 'ws.lines': 'Lines', 'ws.payments': 'Payments', 'ws.next': 'Next step', 'ws.team': 'Team',
  'ws.history': 'History', 'ws.addItem': 'Item', 'ws.addPackage': 'Package', 'ws.pick': 'Choose…', 'ws.addLine': 'Add to lines',
  'ws.remove': 'Remove', 'ws.deposit': 'Deposit', 'ws.depositDue': 'Deposit required: {amount}', 'ws.netPaid': 'Net paid',
  'ws.balance': 'Balance due', 'ws.doc': 'Document number', 'ws.method': 'Method', 'ws.payDate': 'Payment date',
  'ws.payType': 'Payment type', 'ws.registerPayment': 'Record payment', 'ws.reason': 'Reason', 'ws.initiator': 'Initiated by',
  'ws.refundPreview': 'Expected refund: {amount} ({pct}% of net paid {paid}): {rule}.',
  'ws.refundDone': 'Canceled. Refund recorded: {amount} ({pct}%): {rule}.',
  'rule.REFUND_BEFORE_CONFIRMATION': 'before confirmation everything paid is refunded',
  'rule.REFUND_WITHIN_DEADLINE': 'the client canceled within the changes deadline',
  'rule.REFUND_AFTER_DEADLINE': 'the client canceled after the changes deadline',
  'rule.REFUND_FORCE_MAJEURE': 'canceled by the studio or by force majeure',
  'rule.REFUND_CLIENT_AFTER_ASSIGNED': 'the client canceled after resources were assigned',
  'rule.NO_REFUND_AFTER_ATTENDED': 'the session already took place',
  'ws.move': 'Move to {to}', 'ws.lead': 'Lead', 'ws.assign': 'Assign photographer', 'ws.reassign': 'Reassign',
  'ws.reassignTo': 'Reassign to', 'ws.coverageStart': 'Coverage from', 'ws.coverageEnd': 'Coverage until',
  'ws.deadlinePay': 'Payment deadline', 'ws.deadlineChanges': 'Changes deadline', 'ws.delivery': 'Estimated delivery',
  'ws.editingDays': 'Editing days', 'ws.observations': 'Editor observations', 'ws.readonly': 'Read-only in this state.',
  'ws.contact': 'Contact', 'ws.highRisk': 'High risk', 'ws.noPayments': 'No payments.', 'ws.noLines': 'No lines.',
  'init.client': 'The client', 'init.company': 'The studio', 'init.force_majeure': 'Force majeure',
  'clients.title': 'Clients', 'clients.search': 'Search clients', 'clients.new': 'New client', 'clients.sessions': "Client's sessions",
  'mine.title': 'My sessions', 'mine.today': 'Today', 'mine.upcoming': 'Upcoming', 'mine.past': 'Earlier', 'mine.attended': 'Mark attended',
  'mine.feed': 'My calendar', 'mine.feedHelp': 'Subscribe to this link in your calendar app. Keep it secret.',
  'mine.rotate': 'New link',
  'queue.title': 'Editing queue', 'queue.load': "Editors' load", 'queue.take': 'Take', 'queue.mine': 'In editing with me',
  'queue.ready': 'Material ready', 'queue.days': 'Change days', 'queue.observation': 'Observation', 'queue.of': '{n} of {max}',
  'queue.full': 'at capacity',
  'catalog.items': 'Items', 'catalog.packages': 'Packages', 'catalog.newItem': 'New item', 'catalog.unit': 'Unit',
  'catalog.baseprice': 'Base price', 'catalog.newPackage': 'New package', 'catalog.contents': 'Contents',
  'catalog.addToPackage': 'Add to package', 'catalog.deactivate': 'Deactivate', 'catalog.activate': 'Activate',
  'rooms.new': 'New room', 'roles.permissions': 'Permissions', 'roles.staff': 'Staff and their roles',
  'set.studio_name': 'Studio name',
  'set.payment_deadline_days': 'Days to pay the deposit',
  'set.changes_deadline_days': 'Days before the session for changes',
  'set.default_editing_days': 'Default editing days',
  'set.default_deposit_percentage': 'Default deposit (%)',
  'set.refund_within_deadline': 'Refund within the deadline (%)',
  'set.refund_after_deadline': 'Refund after the deadline (%)',
  'set.refund_force_majeure': 'Refund for force majeure or the studio (%)',
  'set.refund_client_after_assigned': 'Refund when the client cancels once assigned (%)',
  'set.remote_transportation_cost': 'Suggested transportation to remote places',
  'set.max_concurrent_editing_sessions': 'Most sessions in editing per editor',
  'set.require_full_payment_to_complete': 'Require full payment to complete',
  'set.timezone': 'Time zone',
  'set.currency': 'Currency',
  'set.language': 'Studio language',
  'settings.title': 'Studio settings', 'outbox.title': 'Failed emails', 'outbox.retry': 'Retry', 'outbox.error': 'Error',
  'outbox.attempts': 'Attempts', 'outbox.recipient': 'Recipient', 'outbox.template': 'Template',
  'reports.title': 'Reports', 'reports.sessions': 'Sessions', 'reports.financial': 'Financial', 'reports.performance': 'Performance',
  'jobs.title': 'Job runs', 'reports.byStatus': 'By status', 'reports.byMonth': 'By month',
  'reports.net': 'Net revenue by month', 'reports.outstanding': 'Outstanding balances', 'reports.expected': 'Expected revenue',
  'reports.conversion': 'Conversion', 'reports.cancelRate': 'Cancellation rate', 'reports.photographerSessions': 'Sessions per photographer',
  'reports.editorSessions': 'Sessions delivered per editor',
  'jobs.job': 'Job', 'jobs.examined': 'Examined', 'jobs.changed': 'Changed', 'jobs.errors': 'Errors', 'jobs.summary': 'Summary',
  'jobs.dry': 'dry run',
  'err.network': 'The server could not be reached.', 'err.generic': 'The server refused: {message}',
  'err.SESSION_NOT_FOUND': 'This session does not exist or you can no longer see it.',
  'err.INVALID_STATE_TRANSITION': 'A session in {from} cannot move to {to}.',
  'err.INVALID_STATE_TRANSITION.plain': 'That change of status is not allowed now.',
  'err.allowed': 'Allowed next steps: {list}.',
  'err.PAYMENT_DEADLINE_EXPIRED': 'The payment deadline passed on {deadline}.',
  'err.CHANGES_DEADLINE_EXPIRED': 'The changes deadline passed on {deadline}.',
  'err.changesNotYet': 'The changes deadline ends on {deadline}; assignment is possible after it.',
  'err.INSUFFICIENT_PAYMENT': 'The deposit is short: {need} is required and {have} is verified.',
  'err.ROOM_NOT_AVAILABLE': 'The room is taken: {list}.',
  'err.room_inactive': 'The room is inactive and cannot be booked.',
  'err.room_maintenance': 'The room is under maintenance and cannot be booked.',
  'err.PHOTOGRAPHER_NOT_AVAILABLE': 'The photographer is already engaged then: {list}.',
  'err.EDITOR_AT_CAPACITY': 'The editor already has {n} sessions in editing (at most {max}).',
  'err.INVALID_SESSION_DATE': 'The session date ({date}) is not valid for this step.',
  'err.MISSING_RESOURCES': 'Resources are missing: {list}.',
  'err.PAYMENT_EXCEEDS_TOTAL': 'The payment exceeds the total: total {total}, already paid {paid}.',
  'err.BALANCE_DUE': 'A balance is still due: paid {paid} of {total}.',
  'err.IMMUTABLE_SESSION': 'The session can no longer be changed in status {status}.',
  'err.FORBIDDEN': 'You are not allowed to do this ({permission}).',
  'err.VALIDATION_ERROR': 'Invalid value in “{field}”: {message}',
  'missing.photographer': 'a photographer', 'missing.room': 'a room',
  'st.Request': 'Request', 'st.Negotiation': 'Negotiation', 'st.Pre-scheduled': 'Pre-scheduled', 'st.Confirmed': 'Confirmed',
  'st.Assigned': 'Assigned', 'st.Attended': 'Attended', 'st.In Editing': 'In Editing', 'st.Ready for Delivery': 'Ready for Delivery',
  'st.Completed': 'Completed', 'st.Canceled': 'Canceled',
  'tp.Studio': 'Studio', 'tp.External': 'External', 'tp.Both': 'Both',
  'pt.Deposit': 'Deposit', 'pt.Balance': 'Balance', 'pt.Refund': 'Refund',
  'ps.Pending': 'Pending', 'ps.Verified': 'Verified', 'ps.Rejected': 'Rejected',
};

const dictionaries = { es, en };

/** t translates a key in the current language, filling {placeholders}. */
export function t(key, params = {}) {
  const text = dictionaries[app.lang][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? '') + '');
}

/** has tells whether a key exists (for optional sentences). */
export function has(key) {
  return key in dictionaries.en;
}

function zone() {
  return app.settings?.timezone || 'America/Guatemala';
}

function locale() {
  return app.lang === 'es' ? 'es-GT' : 'en-US';
}

/** when formats an instant as a date and time in the studio's zone. */
export function when(value) {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: zone(), dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** day formats an instant as a date in the studio's zone. */
export function day(value) {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: zone(), weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(value));
}

/** dayLabel formats a calendar date key (YYYY-MM-DD) as a short day name. */
export function dayLabel(key) {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(key + 'T12:00:00Z'));
}

/** hour formats an instant's time of day in the studio's zone. */
export function hour(value) {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: zone(), timeStyle: 'short' }).format(new Date(value));
}

/** localDate is the studio-zone calendar date (YYYY-MM-DD) of an instant. */
export function localDate(value) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(value));
}

/** money formats an amount (number or decimal string) in the studio's currency. */
export function money(value) {
  const n = Number(value || 0);
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: app.settings?.currency || 'GTQ' }).format(n);
}

/** rule explains a refund rule name (docs/rules.md §5.3) in words. */
export function rule(name) {
  return has('rule.' + name) ? t('rule.' + name) : name;
}

/** status is the translated name of a session status. */
export function status(s) {
  return t('st.' + s);
}

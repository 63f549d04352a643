// Package domain holds the studio's vocabulary: session states, select
// values, error codes and the Error type every rule returns.
package domain

// Session states, in the order of the happy path (docs/rules.md §4.1).
const (
	StatusRequest          = "Request"
	StatusNegotiation      = "Negotiation"
	StatusPreScheduled     = "Pre-scheduled"
	StatusConfirmed        = "Confirmed"
	StatusAssigned         = "Assigned"
	StatusAttended         = "Attended"
	StatusInEditing        = "In Editing"
	StatusReadyForDelivery = "Ready for Delivery"
	StatusCompleted        = "Completed"
	StatusCanceled         = "Canceled"
)

// SessionStatuses lists every session state, happy path first, Canceled last.
var SessionStatuses = []string{
	StatusRequest, StatusNegotiation, StatusPreScheduled, StatusConfirmed,
	StatusAssigned, StatusAttended, StatusInEditing, StatusReadyForDelivery,
	StatusCompleted, StatusCanceled,
}

// PreAssignedStatuses are the states a holder of session.edit.pre-assigned
// may edit (docs/rules.md §1).
var PreAssignedStatuses = []string{
	StatusRequest, StatusNegotiation, StatusPreScheduled, StatusConfirmed,
}

// ClosedStatuses are the states in which a session no longer holds a room or
// a photographer.
var ClosedStatuses = []string{StatusCompleted, StatusCanceled}

// IsClosed reports whether a session in this state blocks no resource.
func IsClosed(status string) bool {
	return status == StatusCompleted || status == StatusCanceled
}

// Session types.
const (
	SessionTypeStudio   = "Studio"
	SessionTypeExternal = "External"
	// PackageTypeBoth is only a package's session_type: usable for either.
	PackageTypeBoth = "Both"
)

// Record status of clients, users, items and packages; rooms add Maintenance.
const (
	Active      = "Active"
	Inactive    = "Inactive"
	Maintenance = "Maintenance"
)

// Client types.
const (
	ClientIndividual    = "Individual"
	ClientInstitutional = "Institutional"
)

// Cancellation initiators (docs/rules.md §4.1).
const (
	InitiatorClient       = "client"
	InitiatorCompany      = "company"
	InitiatorForceMajeure = "force_majeure"
	InitiatorSystem       = "system"
)

// CancellationInitiators lists the allowed initiators.
var CancellationInitiators = []string{InitiatorClient, InitiatorCompany, InitiatorForceMajeure, InitiatorSystem}

// Detail line types.
const (
	LineItem    = "Item"
	LinePackage = "Package"
)

// Photographer assignment states.
const (
	AssignmentAssigned   = "Assigned"
	AssignmentConfirmed  = "Confirmed"
	AssignmentReassigned = "Reassigned"
)

// Payment types and states (docs/rules.md §5.1).
const (
	PaymentDeposit  = "Deposit"
	PaymentBalance  = "Balance"
	PaymentRefund   = "Refund"
	PaymentPending  = "Pending"
	PaymentVerified = "Verified"
	PaymentRejected = "Rejected"
)

// PaymentMethods are the accepted ways of paying.
var PaymentMethods = []string{"Cash", "Card", "Transfer", "Check", "Other"}

// ItemTypes are the catalog's item kinds.
var ItemTypes = []string{"Digital Photo", "Printed Photo", "Album", "Video", "Frame", "Service", "Other"}

// UnitMeasures are the units an item is sold by.
var UnitMeasures = []string{"Unit", "Hour", "Package"}

// Outbox entry states (docs/rules.md §7).
const (
	OutboxPending = "Pending"
	OutboxSending = "Sending"
	OutboxSent    = "Sent"
	OutboxFailed  = "Failed"
)

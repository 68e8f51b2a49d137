package org.custos.lockbox;

/** What an operator may do in the lockbox; the server maps the operators' roles onto these. */
public enum LockboxRole {
    /** Files requests for access and reads under their own grants (the owner's engineers). */
    REQUESTER,
    /** Approves, denies and revokes requests filed by others (the custodian's approvers). */
    APPROVER
}

package org.custos.app.accounts;

/**
 * What an operator may do. Operators are staff of the parties of the arrangement, never users of the app; an
 * operator holds one or more roles, given when the operator is created.
 */
public enum Role {
    /** Custodian staff who run the boundary: create operators, manage keys and policies. */
    CUSTODIAN_ADMIN,
    /** Custodian staff who approve the owner's access requests and releases. */
    CUSTODIAN_APPROVER,
    /** The owner's engineers: submit releases, ask for time-boxed access. */
    OWNER_ENGINEER,
    /** The regulator or monitor: reads the transparency log and audit trails. */
    REGULATOR
}

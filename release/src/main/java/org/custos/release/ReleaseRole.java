package org.custos.release;

/** What an operator may do with releases; the server maps the operators' roles onto these. */
public enum ReleaseRole {
    /** Uploads artifacts and source archives and submits releases (the owner's engineers). */
    SUBMITTER,
    /** Rebuilds releases and records findings and verdicts on releases submitted by others (custodian reviewers). */
    REVIEWER,
    /** Deploys approved releases and revokes them (the custodian's administrators). */
    ADMIN,
    /** Lists and reads releases, their diffs, statements and blobs (every operator role, the regulator's too). */
    READER
}

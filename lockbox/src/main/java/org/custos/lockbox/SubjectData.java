package org.custos.lockbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;

/**
 * The users' data the lockbox can grant access to, by named scope (for example {@code contact} or
 * {@code watch-history}). The server adapts the app's user data; the lockbox never reads tables of other modules.
 */
public interface SubjectData {

    /** Every scope that may be requested, with the PROTECTED columns each opens. */
    Map<String, List<Column>> scopes();

    /** The user with this id, if there is one. */
    Optional<SubjectId> byId(long id);

    /** The user with this handle, if there is one. */
    Optional<SubjectId> byHandle(String handle);

    /**
     * The subject's data within {@code scopes} (names from {@link #scopes()}), every PROTECTED value opened in
     * {@code context} so that each read is an audited vault read naming the context's grant. Empty when the subject
     * no longer exists.
     *
     * @throws org.custos.vault.SubjectShreddedException if the subject's data was erased
     * @throws org.custos.vault.AuditUnavailableException if a read could not be audited
     */
    Optional<Map<String, Object>> read(AccessContext context, SubjectId subject, Set<String> scopes);
}

package org.custos.lockbox;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.app.App;
import org.custos.app.DataScope;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;

/** The app's user data seen through {@link SubjectData}, as the server adapts it. */
final class AppSubjectData implements SubjectData {
    private final App app;

    AppSubjectData(App app) {
        this.app = app;
    }

    @Override
    public Map<String, List<Column>> scopes() {
        Map<String, List<Column>> out = new LinkedHashMap<>();
        for (DataScope scope : DataScope.values()) {
            out.put(scope.wireName(), scope.columns());
        }
        return out;
    }

    @Override
    public Optional<SubjectId> byId(long id) {
        return app.userData(AccessContext.self(new SubjectId(id)), new SubjectId(id), Set.of())
                .map(found -> new SubjectId(id));
    }

    @Override
    public Optional<SubjectId> byHandle(String handle) {
        return app.userByHandle(handle);
    }

    @Override
    public Optional<Map<String, Object>> read(AccessContext context, SubjectId subject, Set<String> scopes) {
        Set<DataScope> wanted = EnumSet.noneOf(DataScope.class);
        scopes.forEach(name -> wanted.add(DataScope.ofWireName(name).orElseThrow()));
        return app.userData(context, subject, wanted);
    }
}

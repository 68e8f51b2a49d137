package org.custos.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public fields of a video, shaped by a declaration's transformations; shared by two flows. */
final class PublicFields {
    private PublicFields() {
    }

    static Map<String, Object> row(PublicVideo video, List<String> fields, FlowDeclaration declaration,
                                   String recipient, Pseudonymiser pseudonyms) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = switch (field) {
                case "video_id" -> video.id();
                case "author_handle" -> video.authorHandle();
                case "caption" -> video.caption();
                case "hashtags" -> video.hashtags();
                case "duration_ms" -> video.durationMs();
                case "media_type" -> video.mediaType();
                case "created_at" -> video.createdAt().toString();
                case "views" -> video.views();
                case "likes" -> video.likes();
                case "comments" -> video.comments();
                case "shares" -> video.shares();
                default -> null; // fields of other kinds never reach here: checked against the declaration
            };
            if (value == null) {
                continue;
            }
            if (declaration.fields().get(field) == Transformation.PSEUDONYMISE) {
                value = value instanceof List<?> list
                        ? list.stream().map(v -> pseudonyms.value(recipient, declaration.pseudonymKeyVersion(), field,
                                v.toString())).toList()
                        : pseudonyms.value(recipient, declaration.pseudonymKeyVersion(), field, value.toString());
            }
            row.put(field, value);
        }
        return row;
    }
}

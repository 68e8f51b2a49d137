package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static final String B = "xyzBOUNDARY";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void boundary_fromContentType_quotedOrNot() {
        assertThat(Multipart.boundary("multipart/form-data; boundary=abc")).contains("abc");
        assertThat(Multipart.boundary("Multipart/Form-Data; boundary=\"a b\"")).contains("a b");
        assertThat(Multipart.boundary("application/json")).isEmpty();
        assertThat(Multipart.boundary("multipart/form-data")).isEmpty();
    }

    @Test
    void parse_fieldsAndFile_areSplitExactly() throws Exception {
        Map<String, Multipart.Part> parts = Multipart.parse(bytes("--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"caption\"\r\n\r\nhello\r\n"
                + "--" + B + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n\r\n--not-the-boundary\r\n--" + B + "--\r\n"), B);

        assertThat(parts.get("caption").text()).isEqualTo("hello");
        assertThat(parts.get("caption").file()).isFalse();
        assertThat(parts.get("media").file()).isTrue();
        assertThat(parts.get("media").text()).isEqualTo("\r\n--not-the-boundary");
    }

    @Test
    void parse_repeatedOrNamelessOrUnterminated_isMalformed() {
        String part = "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
        assertThatThrownBy(() -> Multipart.parse(bytes(part + part + "--" + B + "--"), B))
                .isInstanceOf(Multipart.MalformedException.class);
        assertThatThrownBy(() -> Multipart.parse(bytes("--" + B + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--"
                + B + "--"), B)).isInstanceOf(Multipart.MalformedException.class);
        assertThatThrownBy(() -> Multipart.parse(bytes(part), B)).isInstanceOf(Multipart.MalformedException.class);
        assertThatThrownBy(() -> Multipart.parse(bytes("no boundary at all"), B))
                .isInstanceOf(Multipart.MalformedException.class);
    }

    @Property
    void parse_arbitraryBytes_neverThrowsAnythingButMalformed(@ForAll byte[] body) {
        try {
            Multipart.parse(body, B);
        } catch (Multipart.MalformedException expected) {
            // the only failure allowed
        }
    }

    @Property
    void parse_anyFileContent_roundTrips(@ForAll byte[] content) throws Exception {
        byte[] head = bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"f\"\r\n\r\n");
        byte[] tail = bytes("\r\n--" + B + "--\r\n");
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        if (Multipart.indexOf(content, bytes("\r\n--" + B), 0) >= 0) {
            return;
        }
        assertThat(Multipart.parse(body, B).get("media").content()).isEqualTo(content);
    }
}

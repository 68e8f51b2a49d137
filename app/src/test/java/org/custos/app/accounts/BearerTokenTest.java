package org.custos.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void random_is43Base64UrlCharactersAndHashesToItsSha256() throws Exception {
        BearerToken token = BearerToken.random(new SecureRandom());

        assertThat(token.reveal()).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.hash()).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(token.reveal().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fromAuthorization_bearerSchemeAnyCase_readsTheToken() {
        String value = BearerToken.random(new SecureRandom()).reveal();

        assertThat(BearerToken.fromAuthorization("Bearer " + value)).map(BearerToken::reveal).contains(value);
        assertThat(BearerToken.fromAuthorization("bearer " + value)).map(BearerToken::reveal).contains(value);
    }

    @Test
    void fromAuthorization_otherSchemesOrShapes_areEmpty() {
        String value = BearerToken.random(new SecureRandom()).reveal();

        assertThat(BearerToken.fromAuthorization("Basic " + value)).isEmpty();
        assertThat(BearerToken.fromAuthorization("Bearer")).isEmpty();
        assertThat(BearerToken.fromAuthorization("Bearer " + value + "x")).isEmpty();
        assertThat(BearerToken.fromAuthorization("Bearer " + value.substring(1) + "=")).isEmpty();
    }

    @Test
    void toString_neverShowsTheToken() {
        BearerToken token = BearerToken.random(new SecureRandom());

        assertThat(token.toString()).doesNotContain(token.reveal());
    }
}

package io.panzoto.crypto.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {
    private final Tokens tokens = new Tokens(SecretBytes.copyOf(SecureRandoms.bytes(32)));

    @Test
    void tokensCarry256BitsInUrlSafeForm() {
        String token = Tokens.generate();
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        assertEquals(32, Bytes.fromBase64Url(token).length);
        assertNotEquals(token, Tokens.generate());
    }

    @Test
    void aPresentedTokenHasOneCanonicalFormAndAnythingElseIsNoToken() {
        String token = Tokens.generate();
        assertEquals(Optional.of(token), Tokens.canonical(token));
        assertEquals(Optional.of(token), Tokens.canonical(" " + token + "\n"));
        assertEquals(Optional.empty(), Tokens.canonical(null));
        assertEquals(Optional.of("link_abc123"), Tokens.canonical("link_abc123"), "a token of the system we replace");
        assertEquals(Optional.empty(), Tokens.canonical("short"));
        assertEquals(Optional.empty(), Tokens.canonical("x".repeat(129)));
        assertEquals(Optional.empty(), Tokens.canonical(token.substring(1) + "+"));
        assertEquals(Optional.empty(), Tokens.canonical(token.substring(1) + " x"));
        assertEquals(Optional.empty(), Tokens.canonical("x".repeat(256 * 1024)));
    }

    @Test
    void onlyTheHashIsStoredAndItMatchesOnlyTheSameToken() {
        String token = Tokens.generate();
        String stored = tokens.storageHash(token);
        assertFalse(stored.contains(token));
        assertTrue(tokens.matches(token, stored));
        assertFalse(tokens.matches(Tokens.generate(), stored));
        assertFalse(tokens.matches(null, stored));
    }

    @Test
    void theHashDependsOnThePepper() {
        String token = Tokens.generate();
        Tokens other = new Tokens(SecretBytes.copyOf(SecureRandoms.bytes(32)));
        assertNotEquals(tokens.storageHash(token), other.storageHash(token));
    }

    @Test
    void recoveryCodesAreGroupedDistinctAndForgivingToType() {
        List<String> codes = RecoveryCodes.generate(RecoveryCodes.DEFAULT_COUNT);
        assertEquals(10, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){12}"), code);
            String normal = RecoveryCodes.normalise(code).orElseThrow();
            assertTrue(normal.length() * 5 >= 256, "at least 256 random bits: " + normal.length() * 5);
            assertEquals(Optional.of(normal), RecoveryCodes.normalise(" " + code.toLowerCase().replace("-", " ") + " "));
        }
        assertEquals(Optional.of("0111222233334444"), RecoveryCodes.normalise("oIl1-2222-3333-4444"), "a code issued before");
        assertEquals(Optional.empty(), RecoveryCodes.normalise("UUUU-2222-3333-4444"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("2222-3333"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise(null));
    }
}

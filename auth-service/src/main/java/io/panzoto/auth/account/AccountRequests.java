package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The request and answer bodies of the account routes; secrets redact themselves in toString. */
public final class AccountRequests {
    private AccountRequests() {
    }

    /** New recovery codes, shown once. */
    public record RecoveryCodes(@JsonProperty("recovery_codes") List<String> codes) {
        @Override
        public String toString() {
            return "RecoveryCodes[redacted]";
        }
    }

    public record ProfileChange(@JsonProperty("display_name") String displayName) {
    }

    /** A confirmed password: the account's key salt as hex, as register and login give it. */
    public record PasswordVerified(@JsonProperty("verified") boolean verified, @JsonProperty("key_salt") String keySalt) {
        @Override
        public String toString() {
            return "PasswordVerified[salt redacted]";
        }
    }

    public record PasswordConfirmation(@JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "PasswordConfirmation[redacted]";
        }
    }

    public record PasswordChange(@JsonProperty("current_password") String currentPassword,
                                 @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    public record Recovery(@JsonProperty("email") String email, @JsonProperty("recovery_code") String recoveryCode,
                           @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "Recovery[redacted]";
        }
    }
}

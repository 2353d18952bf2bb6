package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.platform.errors.MissingFields;
import jakarta.validation.constraints.NotNull;
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

    static final String PASSWORD_REQUIRED = "password is required";
    static final String PASSWORD_CHANGE_REQUIRED = "current_password and new_password are required";
    static final String RECOVERY_REQUIRED = "email, recovery_code and new_password are required";

    public record PasswordConfirmation(
            @NotNull(message = PASSWORD_REQUIRED, payload = MissingFields.class) @JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "PasswordConfirmation[redacted]";
        }
    }

    public record PasswordChange(
            @NotNull(message = PASSWORD_CHANGE_REQUIRED, payload = MissingFields.class) @JsonProperty("current_password") String currentPassword,
            @NotNull(message = PASSWORD_CHANGE_REQUIRED, payload = MissingFields.class) @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    public record Recovery(
            @NotNull(message = RECOVERY_REQUIRED, payload = MissingFields.class) @JsonProperty("email") String email,
            @NotNull(message = RECOVERY_REQUIRED, payload = MissingFields.class) @JsonProperty("recovery_code") String recoveryCode,
            @NotNull(message = RECOVERY_REQUIRED, payload = MissingFields.class) @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "Recovery[redacted]";
        }
    }
}

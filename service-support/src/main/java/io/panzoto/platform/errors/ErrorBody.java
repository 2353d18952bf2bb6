package io.panzoto.platform.errors;

/** The one error shape of the platform: {@code {"error": "...", "code": "..."}}. */
public record ErrorBody(String error, String code) {
}

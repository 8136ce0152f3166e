package io.maskwatch.api;

import java.util.regex.Pattern;

/**
 * The rule every camera id follows (the {@code id} of an {@code io.maskwatch.camera} configuration): 1-64 letters,
 * digits, '.', '_' or '-', starting with a letter or digit. Ids are used in events, MQTT topics and URLs, so they
 * hold no '/', '+', '#' or space. Components that take camera ids in their own configuration check them here, so a
 * typo is refused instead of never matching.
 */
public final class CameraId {

    /** The rule in words, for error messages: "id must be RULE, was '...'". */
    public static final String RULE = "1-64 letters, digits, '.', '_' or '-'";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private CameraId() {
    }

    /** Whether {@code id} is a valid camera id; null is not. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}

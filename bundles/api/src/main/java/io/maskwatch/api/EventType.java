package io.maskwatch.api;

import java.util.Locale;

/** Where an event is in its lifecycle; one track gives one START, any number of UPDATEs and one END. */
public enum EventType {
    START,
    UPDATE,
    END;

    /** The wire name used in JSON and EventAdmin topics' last segment is upper case; JSON uses lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

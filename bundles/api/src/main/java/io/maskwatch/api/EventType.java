package io.maskwatch.api;

import java.util.Locale;

/** Where an event is in its lifecycle; one track gives one START, any number of UPDATEs and one END. */
public enum EventType {
    START,
    UPDATE,
    END;

    /** The name used in JSON ({@code start}); EventAdmin topics use the constant's name ({@code START}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

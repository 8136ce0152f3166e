package io.maskwatch.video;

/**
 * A source that failed to open or to deliver. {@code permanent} failures (bad scheme, missing file,
 * wrong credentials, no video stream) put the camera in ERROR without retries; the others are retried on
 * the backoff ladder. The message is one readable line.
 */
public final class SourceException extends Exception {

    private final boolean permanent;

    public SourceException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public SourceException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public boolean permanent() {
        return permanent;
    }
}

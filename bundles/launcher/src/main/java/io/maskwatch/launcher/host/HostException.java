package io.maskwatch.launcher.host;

/** The host cannot start or a command was called wrongly; the message is one line that says what to do. */
public final class HostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HostException(String message) {
        super(message);
    }

    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}

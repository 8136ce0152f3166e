package io.maskwatch.trainer;

/** A problem with the user's input: the CLI prints the message on one line and exits with 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

package io.maskwatch.cli;

/**
 * The command was called wrongly or lacks something it needs. The message is one line saying what
 * to change; the command prints it after its own prefix and exits with 2.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

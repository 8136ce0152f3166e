package io.maskwatch.launcher;

/** A command was called wrongly or its environment is missing something; the message says what to do. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

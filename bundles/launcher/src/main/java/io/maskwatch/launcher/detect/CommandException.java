package io.maskwatch.launcher.detect;

/** A detect/evaluate command was called wrongly or lacks something; the message says what to do. */
final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }
}

package io.maskwatch.http;

/** A client error the API answers with its status and a one-line JSON message. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    static BadRequest parameter(String name, String problem) {
        return new BadRequest(400, "parameter '" + name + "' " + problem);
    }

    static BadRequest notFound(String what) {
        return new BadRequest(404, what);
    }
}

package io.maskwatch.onvif;

import java.util.List;

/**
 * A SOAP 1.2 fault to answer with: the code ({@code env:Sender}, {@code env:Receiver} or {@code env:VersionMismatch}),
 * ONVIF's subcodes ({@code ter:...}, outermost first), a one-line reason, and the HTTP status (400 for the client's
 * faults, 500 for ours, as the SOAP 1.2 HTTP binding maps them; 413 for an oversized request).
 */
final class SoapFault extends Exception {

    private final String code;
    private final List<String> subcodes;
    private final int status;

    SoapFault(String code, List<String> subcodes, String reason, int status) {
        super(reason, null, false, false);
        this.code = code;
        this.subcodes = List.copyOf(subcodes);
        this.status = status;
    }

    static SoapFault notAuthorized(String reason) {
        return new SoapFault("env:Sender", List.of("ter:NotAuthorized"), reason, 400);
    }

    static SoapFault wellFormed(String reason) {
        return new SoapFault("env:Sender", List.of("ter:WellFormed"), reason, 400);
    }

    static SoapFault invalidArg(String reason) {
        return new SoapFault("env:Sender", List.of("ter:InvalidArgVal"), reason, 400);
    }

    static SoapFault tooLarge(String reason) {
        return new SoapFault("env:Sender", List.of("ter:InvalidArgs"), reason, 413);
    }

    static SoapFault actionNotSupported(String reason) {
        return new SoapFault("env:Receiver", List.of("ter:ActionNotSupported"), reason, 500);
    }

    /** WS-BaseNotification's fault for a subscription that cannot be made (here: all pull points in use). */
    static SoapFault subscribeCreationFailed(String reason) {
        return new SoapFault("env:Receiver", List.of("ter:Action", "wsnt:SubscribeCreationFailedFault"), reason, 500);
    }

    /** WS-ResourceFramework's fault for a subscription that is not there (never was, unsubscribed or expired). */
    static SoapFault unknownSubscription(String reason) {
        return new SoapFault("env:Sender", List.of("ter:InvalidArgVal", "wsrf-rw:ResourceUnknownFault"), reason, 400);
    }

    static SoapFault internal(String reason) {
        return new SoapFault("env:Receiver", List.of("ter:Action"), reason, 500);
    }

    String code() {
        return code;
    }

    List<String> subcodes() {
        return subcodes;
    }

    int status() {
        return status;
    }
}

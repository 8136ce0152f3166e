package io.maskwatch.openvino;

/** A call into OpenVINO failed, or the runtime could not be found. */
public class OpenVinoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public OpenVinoException(String message) {
        super(message);
        this.status = 0;
    }

    OpenVinoException(String call, int status, String nativeMessage) {
        super(call + " failed: " + statusName(status) + " (" + status + ")"
                + (nativeMessage == null || nativeMessage.isBlank() ? "" : ": " + nativeMessage.strip()));
        this.status = status;
    }

    /** The {@code ov_status_e} code, or 0 when the failure happened on the Java side. */
    public int status() {
        return status;
    }

    /** The name of an {@code ov_status_e} code, e.g. {@code GENERAL_ERROR}. */
    public static String statusName(int status) {
        return switch (status) {
            case 0 -> "OK";
            case -1 -> "GENERAL_ERROR";
            case -2 -> "NOT_IMPLEMENTED";
            case -3 -> "NETWORK_NOT_LOADED";
            case -4 -> "PARAMETER_MISMATCH";
            case -5 -> "NOT_FOUND";
            case -6 -> "OUT_OF_BOUNDS";
            case -7 -> "UNEXPECTED";
            case -8 -> "REQUEST_BUSY";
            case -9 -> "RESULT_NOT_READY";
            case -10 -> "NOT_ALLOCATED";
            case -11 -> "INFER_NOT_STARTED";
            case -12 -> "NETWORK_NOT_READ";
            case -13 -> "INFER_CANCELLED";
            case -14 -> "INVALID_C_PARAM";
            case -15 -> "UNKNOWN_C_ERROR";
            case -16 -> "NOT_IMPLEMENT_C_METHOD";
            case -17 -> "UNKNOWN_EXCEPTION";
            default -> "STATUS_" + status;
        };
    }
}

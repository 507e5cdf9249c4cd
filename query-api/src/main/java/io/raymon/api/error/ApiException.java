package io.raymon.api.error;

/** An error with its HTTP status and a stable machine-readable code; the one error shape of the API. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    /** The request field at fault (e.g. {@code condition.metric}), when one is. */
    private String field;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ApiException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException(400, "invalid_parameter", message);
    }

    /** Names the request field at fault; the error's JSON carries it as {@code field}. */
    public ApiException withField(String field) {
        this.field = field;
        return this;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}

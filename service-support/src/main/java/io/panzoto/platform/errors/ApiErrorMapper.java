package io.panzoto.platform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the platform's JSON error with the right status: bad input is a clear 4xx,
 * and an unexpected fault is a 500 whose body reveals nothing (the log has the class, not the data).
 */
public class ApiErrorMapper {
    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = json(e.status(), e.getMessage(), e.code());
        return e.retryAfter()
                .map(wait -> Response.fromResponse(response).header("Retry-After", Math.max(1, wait.toSeconds())).build())
                .orElse(response);
    }

    /** A fault-tolerance bulkhead and its queue are full: nothing was started; the caller may retry shortly. */
    @ServerExceptionMapper
    public Response busy(BulkheadException e) {
        return api(ApiException.serviceUnavailable("busy", "the service is busy; try again shortly", Duration.ofSeconds(1)));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        Optional<String> missing = e.getConstraintViolations().stream()
                .filter(violation -> violation.getConstraintDescriptor().getPayload().contains(MissingFields.class))
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .map(ConstraintViolation::getMessage)
                .findFirst();
        if (missing.isPresent()) {
            return json(400, missing.get(), "missing_fields");
        }
        String fields = e.getConstraintViolations().stream()
                .map(ApiErrorMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return json(400, fields.isEmpty() ? "invalid request" : fields, "validation_failed");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return json(400, "malformed JSON body", "malformed_json");
    }

    /** Valid JSON of the wrong shape (an array for an object, text for a number); Quarkus maps it more specifically. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return json(400, "JSON body does not have the expected shape", "malformed_json");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) { // the JSON reader wraps its parse errors
                return malformedJson((JsonProcessingException) cause);
            }
        }
        if (status >= 500) {
            LOG.errorf("request failed with %d: %s", status, e.getClass().getName());
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String message = known == null ? "request failed" : known.getReasonPhrase().toLowerCase();
        return json(status, message, message.replace(' ', '_'));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.errorf("unexpected failure: %s", e.getClass().getName());
        return json(500, "internal error", "internal");
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return field + " " + violation.getMessage();
    }

    static Response json(int status, String message, String code) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, code)).build();
    }
}

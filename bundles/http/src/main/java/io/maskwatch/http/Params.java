package io.maskwatch.http;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.MaskLabel;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Query parameters of the API, each checked so that a bad one is answered 400 with its name. */
final class Params {

    private final HttpServletRequest req;

    Params(HttpServletRequest req) {
        this.req = req;
    }

    String text(String name) {
        String v = req.getParameter(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Epoch seconds as Frigate sends them ({@code 1772355600.5}) or ISO-8601 with zone. */
    Instant time(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            double s = Double.parseDouble(v);
            if (!Double.isFinite(s)) {
                throw BadRequest.parameter(name, "must be a time");
            }
            return Instant.ofEpochMilli(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw BadRequest.parameter(name, "must be epoch seconds or an ISO-8601 time with zone, got '" + v + "'");
            }
        }
    }

    Double fraction(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BadRequest.parameter(name, "must be a number from 0 to 1, got '" + v + "'");
    }

    Long whole(String name, long min, long max) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BadRequest.parameter(name, "must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    Boolean bool(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw BadRequest.parameter(name, "must be 1, 0, true or false, got '" + v + "'");
        };
    }

    EventQuery eventQuery() {
        Set<String> cameras = new LinkedHashSet<>();
        String[] given = req.getParameterValues("camera");
        if (given != null) {
            Arrays.stream(given).flatMap(c -> Arrays.stream(c.split(","))).map(String::trim).filter(c -> !c.isEmpty())
                    .forEach(cameras::add);
        }
        MaskLabel label = null;
        if (text("label") != null) {
            try {
                label = MaskLabel.parse(text("label"));
            } catch (IllegalArgumentException e) {
                throw BadRequest.parameter("label", "must be no_mask, mask_incorrect or mask, got '" + text("label") + "'");
            }
        }
        Instant after = time("after");
        Instant before = time("before");
        if (after != null && before != null && !after.isBefore(before)) {
            throw BadRequest.parameter("after", "must be earlier than before");
        }
        String sort = text("sort") == null ? "desc" : text("sort");
        if (!sort.equals("desc") && !sort.equals("asc")) {
            throw BadRequest.parameter("sort", "must be asc or desc, got '" + sort + "'");
        }
        Long limit = whole("limit", 1, EventQuery.MAX_LIMIT);
        Long offset = whole("offset", 0, Integer.MAX_VALUE);
        return new EventQuery(cameras, label, after, before, fraction("min_score"), whole("track_id", 0, Long.MAX_VALUE),
                bool("has_snapshot"), text("recording"), limit == null ? 100 : limit.intValue(),
                offset == null ? 0 : offset.intValue(), sort.equals("desc"));
    }
}

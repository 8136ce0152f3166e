package io.maskwatch.launcher.events;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;
import io.maskwatch.eventjson.EventJson;
import io.maskwatch.datadir.DataDirectory;
import io.maskwatch.events.SqliteEventStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/maskwatch events search [--camera ID]... [--label L] [--after T] [--before T]
 * [--min-score S] [--track N] [--recording PATH] [--has-snapshot true|false] [--limit N]
 * [--offset N] [--oldest-first] [--json] [--data DIR]}. Exit 0 on success (also when nothing
 * matches), 2 on bad input with one line naming the option.
 */
public final class EventsCommand {

    private static final Set<String> SWITCHES = Set.of("--json", "--oldest-first");
    private static final Set<String> VALUED = Set.of("--camera", "--label", "--after", "--before", "--min-score", "--track",
            "--recording", "--has-snapshot", "--limit", "--offset", "--data");
    private static final Pattern AGO = Pattern.compile("-(\\d+)([smhd])");

    private EventsCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("search")) {
            err.println("maskwatch events: use 'events search [options]'; run bin/maskwatch --help");
            return 2;
        }
        Args o;
        EventQuery query;
        try {
            o = new Args(Arrays.copyOfRange(args, 1, args.length), SWITCHES, VALUED);
            if (!o.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + o.positionals().getFirst() + "'");
            }
            query = query(o, Instant.now());
        } catch (UsageException e) {
            err.println("maskwatch events search: " + e.getMessage());
            return 2;
        }
        Path dir = DataDirectory.resolve(o.get("--data", null));
        if (!Files.isRegularFile(dir.resolve(SqliteEventStore.DB_FILE))) {
            err.println("maskwatch events search: no events stored yet in " + dir);
            return 0;
        }
        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            boolean json = o.flag("--json");
            for (MaskEvent e : store.search(query)) {
                out.println(json ? EventJson.toJson(e) : text(e));
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("maskwatch events search: " + e.getMessage());
            return 1;
        }
    }

    static EventQuery query(Args o, Instant now) {
        Instant after = time(o, "--after", now);
        Instant before = time(o, "--before", now);
        if (after != null && before != null && !after.isBefore(before)) {
            throw new UsageException("--after must be earlier than --before");
        }
        MaskLabel label = null;
        if (o.get("--label", null) != null) {
            try {
                label = MaskLabel.parse(o.get("--label", null));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--label: " + e.getMessage());
            }
        }
        Double minScore = o.get("--min-score", null) == null ? null : o.number("--min-score", 0);
        if (minScore != null && (minScore < 0 || minScore > 1)) {
            throw new UsageException("--min-score must be between 0 and 1, got " + o.get("--min-score", null));
        }
        Long track = o.get("--track", null) == null ? null : (long) integer(o, "--track", 0, Long.MAX_VALUE);
        Boolean hasSnapshot = switch (o.get("--has-snapshot", "")) {
            case "" -> null;
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new UsageException("--has-snapshot takes true or false, got '" + o.get("--has-snapshot", null) + "'");
        };
        int limit = o.get("--limit", null) == null ? 100 : (int) integer(o, "--limit", 1, EventQuery.MAX_LIMIT);
        int offset = o.get("--offset", null) == null ? 0 : (int) integer(o, "--offset", 0, Integer.MAX_VALUE);
        return new EventQuery(Set.copyOf(o.all("--camera")), label, after, before, minScore, track, hasSnapshot,
                o.get("--recording", null), limit, offset, !o.flag("--oldest-first"));
    }

    /**
     * ISO-8601 with zone ({@code 2026-03-01T09:00:00Z}), a UTC date, a time ago ({@code -2h},
     * {@code -30m}, {@code -7d}), or {@code now}, {@code today}, {@code yesterday} (UTC midnights).
     */
    static Instant time(Args o, String name, Instant now) {
        String v = o.get(name, null);
        if (v == null) {
            return null;
        }
        switch (v) {
            case "now" -> {
                return now;
            }
            case "today" -> {
                return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            case "yesterday" -> {
                return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            default -> {
                // a time or a duration, below
            }
        }
        Matcher ago = AGO.matcher(v);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            return now.minus(switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new UsageException(name + " takes an ISO-8601 time with zone (2026-03-01T09:00:00Z),"
                        + " a date (2026-03-01), a time ago (-2h), today or yesterday, got '" + v + "'");
            }
        }
    }

    private static long integer(Args o, String name, long min, long max) {
        long v = o.longInteger(name, 0);
        if (v < min || v > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static String text(MaskEvent e) {
        List<String> parts = new java.util.ArrayList<>(List.of(EventJson.time(e.startTime()), e.camera(), e.label().wireName(),
                "track " + e.trackId(), String.format(Locale.ROOT, "score %.2f", e.peakScore())));
        if (e.recording() != null) {
            parts.add(e.recording() + (e.mediaOffsetSeconds() == null ? ""
                    : String.format(Locale.ROOT, " @ %.1f s", e.mediaOffsetSeconds())));
        }
        if (e.snapshot() != null) {
            parts.add(e.snapshot());
        }
        parts.add(e.id());
        return String.join("  ", parts);
    }
}

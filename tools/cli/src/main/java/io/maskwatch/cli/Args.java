package io.maskwatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of a bin/maskwatch command: {@code --name value}, {@code --name=value}, flags and
 * positionals. An option may repeat; {@link #all} keeps every value in order and the single-value
 * getters take the last, so a later option overrides an earlier one. Unknown options, a missing
 * value and a value given to a flag are a {@link UsageException}; whether positionals are welcome
 * is the command's to say.
 */
public final class Args {

    private record Option(String name, String value) {
    }

    private final List<Option> options = new ArrayList<>();
    private final List<String> positionals = new ArrayList<>();

    /**
     * @param flags  options that take no value
     * @param valued options that take one value each time they are given
     */
    public Args(String[] argv, Set<String> flags, Set<String> valued) {
        for (String f : flags) {
            if (valued.contains(f)) {
                throw new IllegalArgumentException(f + " cannot be both a flag and an option with a value");
            }
        }
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                positionals.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            String value = eq < 0 ? null : a.substring(eq + 1);
            if (flags.contains(name)) {
                if (value != null) {
                    // --flag=false would otherwise read as the flag being on.
                    throw new UsageException(name + " takes no value; give just " + name);
                }
                options.add(new Option(name, "true"));
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = argv[++i];
                }
                options.add(new Option(name, value));
            } else {
                throw new UsageException("unknown option " + name + "; run bin/maskwatch --help");
            }
        }
    }

    public boolean flag(String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    /** The last value given, or the fallback when the option is absent. */
    public String get(String name, String fallback) {
        String v = fallback;
        for (Option o : options) {
            if (o.name().equals(name)) {
                v = o.value();
            }
        }
        return v;
    }

    /** The last value given as a path, or null when the option is absent. */
    public Path path(String name) {
        String v = get(name, null);
        return v == null ? null : Path.of(v);
    }

    /** Every value given, in order; empty when the option is absent. */
    public List<String> all(String name) {
        return options.stream().filter(o -> o.name().equals(name)).map(Option::value).toList();
    }

    public int integer(String name, int fallback) {
        return parsed(name, fallback, Integer::parseInt, "an integer");
    }

    public long longInteger(String name, long fallback) {
        return parsed(name, fallback, Long::parseLong, "an integer");
    }

    public double number(String name, double fallback) {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    /** A comma-separated list of integers ({@code --sizes 96,112}), or the fallback when absent. */
    public List<Integer> integers(String name, List<Integer> fallback) {
        return parsedList(name, fallback, Integer::parseInt, "integers");
    }

    /** A comma-separated list of numbers ({@code --widths 0.5,1.0}), or the fallback when absent. */
    public List<Double> numbers(String name, List<Double> fallback) {
        return parsedList(name, fallback, Double::parseDouble, "numbers");
    }

    /** The arguments that are not options, in order. */
    public List<String> positionals() {
        return List.copyOf(positionals);
    }

    private <T> List<T> parsedList(String name, List<T> fallback, Function<String, T> parse, String what) {
        return parsed(name, fallback, v -> java.util.Arrays.stream(v.split(",", -1)).map(String::strip).map(parse).toList(),
                "a comma-separated list of " + what);
    }

    private <T> T parsed(String name, T fallback, Function<String, T> parse, String what) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be " + what + ", got '" + v + "'");
        }
    }
}

package io.maskwatch.launcher.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of the events commands. Unlike the detect commands' parser, an option may repeat
 * ({@code --camera a --camera b}), so every option keeps a list of its values.
 */
final class Options {

    private final Map<String, List<String>> given = new LinkedHashMap<>();

    Options(List<String> args, Set<String> switches, Set<String> withValue) {
        var it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            String[] kv = arg.split("=", 2);
            String name = kv[0];
            if (switches.contains(name) && kv.length == 1) {
                given.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (withValue.contains(name)) {
                if (kv.length == 1 && !it.hasNext()) {
                    throw new BadOption(name + " needs a value");
                }
                given.computeIfAbsent(name, k -> new ArrayList<>()).add(kv.length == 2 ? kv[1] : it.next());
            } else {
                throw new BadOption(arg.startsWith("--") ? "unknown option " + name + "; run bin/maskwatch --help"
                        : "unexpected argument '" + arg + "'");
            }
        }
    }

    boolean has(String name) {
        return given.containsKey(name);
    }

    List<String> all(String name) {
        return given.getOrDefault(name, List.of());
    }

    /** The last value given, so a later option overrides an earlier one (e.g. in an alias). */
    String one(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? null : v.getLast();
    }

    /** A bad option or value; the message names the option. */
    static final class BadOption extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }
}

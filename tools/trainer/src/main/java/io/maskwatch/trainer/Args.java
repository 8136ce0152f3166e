package io.maskwatch.trainer;

import java.util.ArrayList;
import java.util.List;

/** A small option parser: {@code --name value}, repeatable options, flags and positionals. */
final class Args {

    private final List<String> rest = new ArrayList<>();
    private final List<String[]> options = new ArrayList<>();

    Args(String[] argv, List<String> flags, List<String> valued) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (flags.contains(name)) {
                    options.add(new String[] {name, "true"});
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = argv[++i];
                    }
                    options.add(new String[] {name, value});
                } else {
                    throw new UsageException("unknown option " + name);
                }
            } else {
                rest.add(a);
            }
        }
    }

    boolean flag(String name) {
        return options.stream().anyMatch(o -> o[0].equals(name));
    }

    String get(String name, String fallback) {
        String v = fallback;
        for (String[] o : options) {
            if (o[0].equals(name)) {
                v = o[1];
            }
        }
        return v;
    }

    List<String> all(String name) {
        return options.stream().filter(o -> o[0].equals(name)).map(o -> o[1]).toList();
    }

    int integer(String name, int fallback) {
        String v = get(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + v + "'");
        }
    }

    double number(String name, double fallback) {
        String v = get(name, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + v + "'");
        }
    }

    List<String> positionals() {
        return rest;
    }
}

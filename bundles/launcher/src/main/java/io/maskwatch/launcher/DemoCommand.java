package io.maskwatch.launcher;

import io.maskwatch.launcher.host.Demo;

/** {@code bin/maskwatch demo}: the embedded host on a sample clip; see {@link Demo}. */
final class DemoCommand {

    private DemoCommand() {
    }

    static int run(String[] args) {
        return Demo.run(args);
    }
}

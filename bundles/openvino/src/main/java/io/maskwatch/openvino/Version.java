package io.maskwatch.openvino;

/**
 * The runtime's version: {@code build} is e.g. {@code 2026.4.1-20433-...}, {@code description}
 * names the component.
 */
public record Version(String build, String description) {

    /** The release part of the build number, e.g. {@code 2026.4.1}. */
    public String release() {
        int dash = build.indexOf('-');
        return dash < 0 ? build : build.substring(0, dash);
    }
}

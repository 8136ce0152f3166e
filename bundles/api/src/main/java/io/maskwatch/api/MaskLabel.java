package io.maskwatch.api;

import java.util.Locale;

/** What the classifier says about the lower half of a face. */
public enum MaskLabel {
    MASK,
    NO_MASK,
    /** Worn below the nose or chin; only reported by a three-class model. */
    MASK_INCORRECT;

    /** The wire name used in JSON and on the command line, e.g. {@code no_mask}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name or one of the dataset folder names that mean the same class
     * ({@code with_mask}, {@code without_mask}, {@code mask_weared_incorrect}, ...).
     *
     * @throws IllegalArgumentException for a name that maps to no class
     */
    public static MaskLabel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mask", "with_mask", "mask_correct" -> MASK;
            case "no_mask", "without_mask" -> NO_MASK;
            default -> {
                if (n.equals("mask_incorrect") || n.equals("mask_weared_incorrect") || n.startsWith("mask_incorrect_")) {
                    yield MASK_INCORRECT;
                }
                throw new IllegalArgumentException("unknown class name '" + name
                        + "': use mask/with_mask, no_mask/without_mask or mask_incorrect");
            }
        };
    }

    /** True when this label breaks a mask rule (no mask, or a mask worn incorrectly). */
    public boolean isNonCompliant() {
        return this != MASK;
    }
}

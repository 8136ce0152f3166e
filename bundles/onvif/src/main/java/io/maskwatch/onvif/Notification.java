package io.maskwatch.onvif;

import java.time.Instant;

/**
 * One ONVIF property message of the no_mask topic: camera {@code camera}'s State is {@code state} since {@code time};
 * {@code Initialized} for the current state (on subscribe and on SetSynchronizationPoint), {@code Changed} for a
 * transition.
 */
record Notification(String camera, boolean state, Instant time, Operation operation) {

    enum Operation {
        Initialized,
        Changed
    }
}

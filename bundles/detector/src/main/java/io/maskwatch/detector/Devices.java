package io.maskwatch.detector;

import io.maskwatch.openvino.Core;
import java.util.List;
import java.util.Locale;

/** Checks a device name before any model is compiled, so a typo fails with the list of devices. */
final class Devices {

    private Devices() {
    }

    /** Returns the device name in OpenVINO's spelling, or throws naming what is available. */
    static String check(Core core, String device) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("no OpenVINO device given; use CPU, GPU, NPU or AUTO");
        }
        String d = device.trim().toUpperCase(Locale.ROOT);
        // Virtual devices pick their real devices at compile time, and say there what is missing.
        if (d.equals("AUTO") || d.startsWith("AUTO:") || d.startsWith("MULTI:") || d.startsWith("HETERO:") || d.startsWith("BATCH:")) {
            return d;
        }
        List<String> available = core.availableDevices();
        for (String a : available) {
            if (a.equals(d) || a.startsWith(d + ".")) {
                return d;
            }
        }
        throw new IllegalArgumentException("OpenVINO device '" + device + "' is not available on this machine (available: "
                + String.join(", ", available) + "); pick one of those or AUTO");
    }
}

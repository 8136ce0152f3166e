package io.maskwatch.analytics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The form a console shows for one camera (factory PID io.maskwatch.camera). Ranges are checked by {@link CameraSettings}. */
@ObjectClassDefinition(id = CameraSettings.FACTORY_PID, name = "Maskwatch camera",
        description = "Face-mask analytics for one camera: source, sampling, thresholds, region and alerting.")
@interface Config {

    @AttributeDefinition(name = "Id", description = "Camera id used in events and topics: letters, digits, '.', '_', '-'")
    String id();

    @AttributeDefinition(name = "Name", description = "Display name", required = false)
    String name() default "";

    @AttributeDefinition(name = "Source", description = "rtsp://, rtsps://, http(s):// (MJPEG/HLS) URL, or a video file path")
    String source();

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Analytics fps", description = "Frames analysed per second (0.1-30); the newest frame is taken each time")
    double fps() default 5;

    @AttributeDefinition(name = "Face score threshold", description = "Faces scored below this are ignored (0-0.99)")
    double faceScoreThreshold() default 0.5;

    @AttributeDefinition(name = "No-mask threshold", description = "Probability that a face breaks the mask rule (no_mask, plus mask_incorrect with a three-class model) needed to count it as unmasked (0-1)")
    double noMaskThreshold() default 0.6;

    @AttributeDefinition(name = "Minimum face size (px)", description = "Smaller faces are ignored (8-4096)")
    int minFacePx() default 20;

    @AttributeDefinition(name = "Region of interest", required = false,
            description = "Normalised polygon 'x,y x,y x,y ...'; a face counts when its centre is inside. Empty: the whole frame")
    String roi() default "";

    @AttributeDefinition(name = "Debounce (frames)", description = "Analysed frames a mask state must hold before it counts (1-100)")
    int debounceFrames() default 3;

    @AttributeDefinition(name = "Alert cooldown (s)", description = "After an event ends, no new event for the same face, nor where a lost face was, for this long (0-86400)")
    int cooldownSeconds() default 30;

    @AttributeDefinition(name = "Snapshot on event", description = "Store the best face crop and frame of each event")
    boolean snapshotOnEvent() default true;

    @AttributeDefinition(name = "Inference device", description = "OpenVINO device: CPU, GPU, NPU, AUTO")
    String device() default "CPU";
}

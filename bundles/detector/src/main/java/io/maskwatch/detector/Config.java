package io.maskwatch.detector;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of the shared mask detector (PID io.maskwatch.detector). */
@ObjectClassDefinition(id = MaskDetectorComponent.PID, name = "Maskwatch mask detector",
        description = "Face detector and mask classifier on OpenVINO, shared by all cameras.")
@interface Config {

    @AttributeDefinition(name = "Device", description = "OpenVINO device: CPU, GPU, NPU or AUTO")
    String device() default "CPU";

    @AttributeDefinition(name = "Face model", description = "centerface, short-range, full-range or full-range-sparse")
    String faceModel() default "centerface";

    @AttributeDefinition(name = "Minimum face size (px)", description = "0: 20 px per 1080 lines of the frame, at least 6")
    double minFace() default 0;

    @AttributeDefinition(name = "Face score threshold", description = "Faces below this score are dropped (0-0.99)")
    double faceScoreThreshold() default 0.5;

    @AttributeDefinition(name = "Project folder", required = false,
            description = "Holds models/third-party and models/mask-classifier; empty: the maskwatch.home system property")
    String home() default "";

    @AttributeDefinition(name = "Mask classifier folder", required = false,
            description = "A folder made by bin/maskwatch train (model.json and the IR), absolute or relative to the project folder; "
                    + "empty: models/mask-classifier")
    String classifier() default "";
}

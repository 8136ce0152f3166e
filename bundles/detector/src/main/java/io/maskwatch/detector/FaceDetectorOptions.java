package io.maskwatch.detector;

/**
 * How the face detector runs.
 *
 * @param model          which BlazeFace variant
 * @param device         OpenVINO device: {@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO}, ...
 * @param minFace        smallest face side to look for, in frame pixels; 0 means {@link #AUTO_MIN_FACE}
 *                       of the frame's short side, but at least {@link #AUTO_MIN_FACE_FLOOR} pixels
 * @param maxFace        largest face side to look for, in frame pixels; 0 means the frame's short side (a face cannot be taller than the frame)
 * @param scoreThreshold faces scoring below this are dropped before suppression
 * @param nmsIou         overlap above which two boxes are taken as the same face
 * @param weightedNms    blend overlapping boxes (true) or keep only the best (false)
 * @param maxModelPixels upper bound on one inference's input area, which bounds time and memory
 *                       when a small minimum face is asked of a large frame
 * @param calibration    box correction towards the annotation convention
 * @param mirror         also search the mirrored frame and merge (test-time augmentation): finds
 *                       more faces that are turned or half hidden, at twice the cost
 */
public record FaceDetectorOptions(FaceModel model, String device, double minFace, double maxFace, double scoreThreshold,
                                  double nmsIou, boolean weightedNms, long maxModelPixels, BoxCalibration calibration,
                                  boolean mirror) {

    /** 20 px in a 1080-line frame, the smallest face an NVR view needs; scaled for other sizes. */
    public static final double AUTO_MIN_FACE = 20.0 / 1080;
    /** Below about 6 px nothing recognisable is left of a face, and the upscaling cost explodes. */
    public static final double AUTO_MIN_FACE_FLOOR = 6;

    public FaceDetectorOptions {
        if (model == null || device == null || calibration == null) {
            throw new NullPointerException("model, device and calibration are required");
        }
        if (!(minFace == 0 || minFace >= 1)) {
            throw new IllegalArgumentException("minimum face size must be at least 1 px (or 0 for automatic), got " + minFace);
        }
        if (maxFace != 0 && maxFace < minFace) {
            throw new IllegalArgumentException("maximum face size " + maxFace + " is below the minimum " + minFace);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("face score threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (!(nmsIou > 0 && nmsIou < 1)) {
            throw new IllegalArgumentException("NMS overlap must be in (0, 1), got " + nmsIou);
        }
        if (maxModelPixels < 128L * 128) {
            throw new IllegalArgumentException("model input limit " + maxModelPixels + " px is too small");
        }
    }

    /**
     * The defaults chosen by the andrewmvd-dev measurements recorded in bench/results. Weighted NMS
     * at 0.4 beat hard NMS at 0.3 on the training images, both at these defaults and with a 4 px
     * minimum face and mirroring (section H of detector-ap.txt).
     */
    public static FaceDetectorOptions defaults() {
        FaceModel m = FaceModel.CENTERFACE;
        return new FaceDetectorOptions(m, "CPU", 0, 0, 0.5, 0.4, true, 4_000_000L, m.calibration(), false);
    }

    /** The minimum face size for a frame: the configured one, or the automatic one. */
    public double minFaceFor(int width, int height) {
        return minFace > 0 ? minFace : Math.max(AUTO_MIN_FACE_FLOOR, AUTO_MIN_FACE * Math.min(width, height));
    }

    /** Another model, with that model's box calibration. */
    public FaceDetectorOptions withModel(FaceModel m) {
        return new FaceDetectorOptions(m, device, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, m.calibration(), mirror);
    }

    public FaceDetectorOptions withDevice(String d) {
        return new FaceDetectorOptions(model, d, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, calibration, mirror);
    }

    public FaceDetectorOptions withMinFace(double px) {
        return new FaceDetectorOptions(model, device, px, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, calibration, mirror);
    }

    public FaceDetectorOptions withScoreThreshold(double t) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, t, nmsIou, weightedNms, maxModelPixels, calibration, mirror);
    }

    public FaceDetectorOptions withNms(double iou, boolean weighted) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, scoreThreshold, iou, weighted, maxModelPixels, calibration, mirror);
    }

    public FaceDetectorOptions withCalibration(BoxCalibration c) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, c, mirror);
    }

    public FaceDetectorOptions withMirror(boolean m) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, calibration, m);
    }
}

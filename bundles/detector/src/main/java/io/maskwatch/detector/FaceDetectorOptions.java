package io.maskwatch.detector;

/**
 * How the face detector runs.
 *
 * @param model          which BlazeFace variant
 * @param device         OpenVINO device: {@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO}, ...
 * @param minFace        smallest face side to look for, in frame pixels
 * @param maxFace        largest face side to look for, in frame pixels; 0 means the frame's short side (a face cannot be taller than the frame)
 * @param scoreThreshold faces scoring below this are dropped before suppression
 * @param nmsIou         overlap above which two boxes are taken as the same face
 * @param weightedNms    blend overlapping boxes (true) or keep only the best (false)
 * @param maxModelPixels upper bound on one inference's input area, which bounds time and memory
 *                       when a small minimum face is asked of a large frame
 * @param calibration    box correction towards the annotation convention
 */
public record FaceDetectorOptions(FaceModel model, String device, double minFace, double maxFace, double scoreThreshold,
                                  double nmsIou, boolean weightedNms, long maxModelPixels, BoxCalibration calibration) {

    public FaceDetectorOptions {
        if (model == null || device == null || calibration == null) {
            throw new NullPointerException("model, device and calibration are required");
        }
        if (!(minFace >= 1)) {
            throw new IllegalArgumentException("minimum face size must be at least 1 px, got " + minFace);
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

    /** The defaults chosen by the andrewmvd-dev measurements recorded in bench/results. */
    public static FaceDetectorOptions defaults() {
        FaceModel m = FaceModel.CENTERFACE;
        return new FaceDetectorOptions(m, "CPU", 20, 0, 0.5, 0.3, true, 4_000_000L, m.calibration());
    }

    /** Another model, with that model's box calibration. */
    public FaceDetectorOptions withModel(FaceModel m) {
        return new FaceDetectorOptions(m, device, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, m.calibration());
    }

    public FaceDetectorOptions withDevice(String d) {
        return new FaceDetectorOptions(model, d, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, calibration);
    }

    public FaceDetectorOptions withMinFace(double px) {
        return new FaceDetectorOptions(model, device, px, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, calibration);
    }

    public FaceDetectorOptions withScoreThreshold(double t) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, t, nmsIou, weightedNms, maxModelPixels, calibration);
    }

    public FaceDetectorOptions withNms(double iou, boolean weighted) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, scoreThreshold, iou, weighted, maxModelPixels, calibration);
    }

    public FaceDetectorOptions withCalibration(BoxCalibration c) {
        return new FaceDetectorOptions(model, device, minFace, maxFace, scoreThreshold, nmsIou, weightedNms, maxModelPixels, c);
    }
}

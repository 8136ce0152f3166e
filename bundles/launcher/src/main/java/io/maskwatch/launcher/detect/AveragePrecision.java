package io.maskwatch.launcher.detect;

import io.maskwatch.api.PixelBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pascal VOC detection scoring: detections ranked by score, each matched to the unmatched
 * ground-truth box of its image with the highest IoU (at least the threshold); AP is the area
 * under the precision envelope over all recall points (VOC 2010+ "all-point" interpolation).
 */
final class AveragePrecision {

    /** A scored detection; {@code operatingScore} decides whether it is reported at the operating threshold. */
    record Scored(String image, PixelBox box, double score, double operatingScore) {
    }

    /** A ground-truth box of one image. */
    record Truth(PixelBox box, boolean difficult) {
    }

    /**
     * @param ap        average precision, 0 when there are no positives
     * @param positives ground-truth boxes that count (not difficult)
     * @param recall    recall after each ranked detection that counted
     * @param precision precision after each ranked detection that counted
     * @param scores    the score of each of those detections
     * @param tpAt      true positives at the operating threshold
     * @param fpAt      false positives at the operating threshold
     */
    record Result(double ap, int positives, double[] recall, double[] precision, double[] scores, int tpAt, int fpAt) {

        double precisionAt() {
            return tpAt + fpAt == 0 ? 0 : (double) tpAt / (tpAt + fpAt);
        }

        double recallAt() {
            return positives == 0 ? 0 : (double) tpAt / positives;
        }
    }

    private AveragePrecision() {
    }

    static Result compute(List<Scored> detections, Map<String, List<Truth>> truth, double iouThreshold, double operatingThreshold) {
        int positives = 0;
        for (List<Truth> l : truth.values()) {
            for (Truth t : l) {
                if (!t.difficult()) {
                    positives++;
                }
            }
        }
        List<Scored> ranked = new ArrayList<>(detections);
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        Map<String, boolean[]> used = new java.util.HashMap<>();
        truth.forEach((k, v) -> used.put(k, new boolean[v.size()]));
        List<double[]> points = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int tpAt = 0;
        int fpAt = 0;
        for (Scored d : ranked) {
            List<Truth> gts = truth.getOrDefault(d.image(), List.of());
            boolean[] taken = used.computeIfAbsent(d.image(), k -> new boolean[0]);
            int best = -1;
            double bestIou = iouThreshold;
            for (int i = 0; i < gts.size(); i++) {
                double iou = gts.get(i).box().iou(d.box());
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = i;
                }
            }
            boolean hit;
            if (best >= 0 && gts.get(best).difficult()) {
                continue;
            } else if (best >= 0 && !taken[best]) {
                taken[best] = true;
                hit = true;
            } else {
                hit = false;
            }
            if (hit) {
                tp++;
            } else {
                fp++;
            }
            if (d.operatingScore() >= operatingThreshold) {
                if (hit) {
                    tpAt++;
                } else {
                    fpAt++;
                }
            }
            points.add(new double[] {positives == 0 ? 0 : (double) tp / positives, (double) tp / (tp + fp), d.score()});
        }
        double[] rec = new double[points.size()];
        double[] prec = new double[points.size()];
        double[] sc = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            rec[i] = points.get(i)[0];
            prec[i] = points.get(i)[1];
            sc[i] = points.get(i)[2];
        }
        return new Result(positives == 0 ? 0 : allPoint(rec, prec), positives, rec, prec, sc, tpAt, fpAt);
    }

    /** Area under the monotone precision envelope, summed where recall changes. */
    static double allPoint(double[] recall, double[] precision) {
        int n = recall.length;
        double[] r = new double[n + 2];
        double[] p = new double[n + 2];
        System.arraycopy(recall, 0, r, 1, n);
        System.arraycopy(precision, 0, p, 1, n);
        r[n + 1] = 1;
        for (int i = n; i >= 0; i--) {
            p[i] = Math.max(p[i], p[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i <= n + 1; i++) {
            if (r[i] != r[i - 1]) {
                ap += (r[i] - r[i - 1]) * p[i];
            }
        }
        return ap;
    }
}

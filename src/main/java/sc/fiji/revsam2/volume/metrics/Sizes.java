package sc.fiji.revsam2.volume.metrics;

import sc.fiji.revsam2.volume.LabelVolume;

/** Argument checks shared by the metrics. */
final class Sizes {

	private Sizes() {}

	static void checkSame(LabelVolume prediction, LabelVolume truth) {
		if (prediction == null) throw new IllegalArgumentException("prediction is null");
		if (truth == null) throw new IllegalArgumentException("ground truth is null");
		if (prediction.width() != truth.width() || prediction.height() != truth.height() || prediction.depth() != truth.depth()) {
			throw new IllegalArgumentException("prediction is " + size(prediction) + " but ground truth is " + size(truth) + " (width x height x depth)");
		}
	}

	static void checkLabel(int label) {
		if (label < 1 || label > LabelVolume.MAX_LABEL) throw new IllegalArgumentException("class label " + label + " is outside 1.." + LabelVolume.MAX_LABEL);
	}

	static void checkTolerance(double tolerance) {
		if (!(tolerance >= 0) || Double.isInfinite(tolerance)) throw new IllegalArgumentException("surface tolerance must be a finite number >= 0, got " + tolerance);
	}

	private static String size(LabelVolume v) {
		return v.width() + " x " + v.height() + " x " + v.depth();
	}
}

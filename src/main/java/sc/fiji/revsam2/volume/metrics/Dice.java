package sc.fiji.revsam2.volume.metrics;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Mask2D;

/**
 * The Dice similarity coefficient {@code 2 TP / (2 TP + FP + FN)}.
 *
 * <p>Conventions: two empty masks agree perfectly (Dice 1); if exactly one is empty the Dice
 * is 0. Over a volume, TP, FP and FN are summed over all slices before dividing (one Dice per
 * class over the whole volume, not a mean of per-slice values).
 */
public final class Dice {

	private Dice() {}

	/**
	 * Dice of two 2D masks of the same size; {@code Dice(empty, empty) = 1} (RevSAM2's
	 * reverse-propagation score uses this convention).
	 *
	 * @throws IllegalArgumentException if a mask is null or the sizes differ (both are named)
	 */
	public static double of(Mask2D a, Mask2D b) {
		if (a == null || b == null) throw new IllegalArgumentException("masks must not be null");
		if (a.width() != b.width() || a.height() != b.height()) {
			throw new IllegalArgumentException("mask sizes differ: " + a.width() + " x " + a.height() + " vs " + b.width() + " x " + b.height());
		}
		boolean[] pa = a.pixels(), pb = b.pixels();
		long tp = 0, na = 0, nb = 0;
		for (int i = 0; i < pa.length; i++) {
			boolean x = pa[i], y = pb[i];
			if (x) na++;
			if (y) nb++;
			if (x & y) tp++;
		}
		return ratio(tp, na + nb);
	}

	/**
	 * Dice of class {@code label} between a prediction and a ground truth of the same size,
	 * with TP/FP/FN summed over all slices; 1 if the class is in neither, 0 if in only one.
	 *
	 * @throws IllegalArgumentException if a volume is null, the sizes differ (both are named) or
	 *                                  the label is outside 1..65535
	 */
	public static double of(LabelVolume prediction, LabelVolume truth, int label) {
		Sizes.checkSame(prediction, truth);
		Sizes.checkLabel(label);
		long tp = 0, np = 0, nt = 0;
		for (int z = 0; z < truth.depth(); z++) {
			short[] p = prediction.slice(z), t = truth.slice(z);
			for (int i = 0; i < p.length; i++) {
				boolean x = (p[i] & 0xffff) == label, y = (t[i] & 0xffff) == label;
				if (x) np++;
				if (y) nt++;
				if (x & y) tp++;
			}
		}
		return ratio(tp, np + nt);
	}

	/** {@code 2 tp / (|A| + |B|)}, which equals {@code 2TP / (2TP + FP + FN)}; 1 when both are empty. */
	private static double ratio(long tp, long sum) {
		return sum == 0 ? 1.0 : 2.0 * tp / sum;
	}
}

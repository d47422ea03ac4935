package sc.fiji.revsam2.algorithm;

import java.util.List;

import sc.fiji.revsam2.volume.Mask2D;

/**
 * Everything a run produced for one object class. Slice indices are those of the query volume;
 * slices outside the run's slice range have no logits (null) and empty masks.
 *
 * @param finalLogits per slice, width x height logits of the final segmentation (foreground where > 0)
 * @param forwardLogits per slice, the forward-propagation prediction P_i
 * @param scores per slice, the reverse-propagation score r_i (NaN where not computed)
 * @param reverseDice per slice and support, Dice of the reverse prediction with the support mask (null rows where not computed)
 * @param reverseLogits per slice and support, the reverse prediction (only when asked for; else null)
 * @param selected the conditioning slices of self-propagation, ascending (empty for forward-only baselines)
 * @param stages wall time and model calls per stage
 */
public record RevSam2Result(Method method, int width, int height, int depth, int firstSlice, int lastSlice, int k,
	float[][] finalLogits, float[][] forwardLogits, float[] scores, float[][] reverseDice, float[][][] reverseLogits,
	int[] selected, List<StageReport> stages) {

	/** The final mask of slice z (empty outside the slice range). */
	public Mask2D finalMask(int z) {
		float[] l = finalLogits[z];
		return l == null ? new Mask2D(width, height) : Mask2D.fromLogits(width, height, l);
	}

	public double totalSeconds() {
		return stages.stream().mapToDouble(StageReport::seconds).sum();
	}
}

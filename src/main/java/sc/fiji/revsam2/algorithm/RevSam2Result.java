package sc.fiji.revsam2.algorithm;

import java.util.List;

import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Resize;

/**
 * Everything a run produced for one object class. Slice indices are those of the query volume;
 * slices outside the run's slice range have no logits (null) and empty masks.
 *
 * <p>Per-slice predictions are kept as SAM2's low-resolution logits (L x L, L = image size / 4,
 * holes already filled) and resized to the slice on demand, exactly as the video predictor
 * resizes them: this keeps a 200-slice result small whatever the slice size.</p>
 *
 * @param lowResSize L
 * @param lowResFinal per slice, the final prediction's low-resolution logits
 * @param lowResForward per slice, the forward-propagation prediction P_i (low resolution)
 * @param scores per slice, the reverse-propagation score r_i (NaN where not computed)
 * @param reverseDice per slice and support, Dice of the reverse prediction with the support mask (null rows where not computed)
 * @param reverseLogits per slice and support, the reverse prediction at the support's size (only when asked for; else null)
 * @param selected the conditioning slices of self-propagation, ascending (empty for forward-only baselines)
 * @param stages wall time and model calls per stage
 */
public record RevSam2Result(Method method, int width, int height, int depth, int firstSlice, int lastSlice, int k, int lowResSize,
	float[][] lowResFinal, float[][] lowResForward, float[] scores, float[][] reverseDice, float[][][] reverseLogits,
	int[] selected, List<StageReport> stages) {

	/** The final logits of slice z at the slice's size (foreground where > 0); null outside the slice range. */
	public float[] finalLogits(int z) {
		return atSliceSize(lowResFinal[z]);
	}

	/** The forward-propagation logits P_z at the slice's size; null where not computed. */
	public float[] forwardLogits(int z) {
		return atSliceSize(lowResForward[z]);
	}

	/** The final mask of slice z (empty outside the slice range). */
	public Mask2D finalMask(int z) {
		float[] l = finalLogits(z);
		return l == null ? new Mask2D(width, height) : Mask2D.fromLogits(width, height, l);
	}

	public double totalSeconds() {
		return stages.stream().mapToDouble(StageReport::seconds).sum();
	}

	private float[] atSliceSize(float[] lowRes) {
		return lowRes == null ? null : Resize.bilinear(lowRes, lowResSize, lowResSize, width, height);
	}
}

package sc.fiji.revsam2.tracking;

import sc.fiji.revsam2.sam2.DecoderResult;

/**
 * Which of the decoder's mask tokens SAM2 uses. Token 0 is the single-mask output, tokens
 * 1..3 the multimask outputs. Tracked frames take the multimask output with the highest
 * predicted IoU; single-mask calls fall back to that choice when token 0's mask is unstable
 * (the video predictor's {@code dynamic_multimask_via_stability}, delta 0.05, threshold 0.98).
 */
public final class MaskChoice {

	public static final float STABILITY_DELTA = 0.05f;
	public static final float STABILITY_THRESHOLD = 0.98f;

	private MaskChoice() {}

	/** The multimask token (1..T-1) with the highest predicted IoU; ties go to the first. */
	public static int bestMultimask(DecoderResult r, int b) {
		float[] iou = r.iou()[b];
		int best = 1;
		for (int t = 2; t < iou.length; t++) if (iou[t] > iou[best]) best = t;
		return best;
	}

	/** IoU of the mask thresholded at +delta and at -delta; 1 when both are empty. */
	public static float stability(float[] logits, float delta) {
		int inter = 0, union = 0;
		for (float v : logits) {
			if (v > delta) inter++;
			if (v > -delta) union++;
		}
		return union > 0 ? (float) inter / union : 1f;
	}

	/** The token of a single-mask call: 0, or the best multimask token when 0 is unstable. */
	public static int singleMask(DecoderResult r, int b) {
		return stability(r.mask(b, 0), STABILITY_DELTA) >= STABILITY_THRESHOLD ? 0 : bestMultimask(r, b);
	}
}

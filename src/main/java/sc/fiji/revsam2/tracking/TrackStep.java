package sc.fiji.revsam2.tracking;

import java.util.Arrays;

import sc.fiji.revsam2.sam2.ConditionedFeatures;
import sc.fiji.revsam2.sam2.DecoderResult;
import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.Sam2Model;

/**
 * One tracking step of SAM2 ({@code track_step} for a frame without prompts) for a batch of
 * frames that attend to the same memory bank: memory attention, the decoder with multimask
 * output, the best mask by predicted IoU, occlusion handling of masks and pointers. Each
 * output's memory is encoded later, when a frame first needs it.
 */
public final class TrackStep {

	/** SAM2's mask score for frames where the object is absent. */
	public static final float NO_OBJECT_SCORE = -1024f;

	private final Sam2Model model;
	private final float[] noObjPtr;

	public TrackStep(Sam2Model model) {
		this.model = model;
		this.noObjPtr = model.descriptor().tensor("no_obj_ptr").values();
	}

	/**
	 * Tracks the frames of {@code features} (a batch) against {@code bank}; {@code sources[b]} gives
	 * frame b's features again when its memory is needed.
	 */
	public TrackedOutput[] track(FrameFeatures features, MemoryBankInput bank, FrameSource[] sources) {
		DecoderResult d;
		try (ConditionedFeatures conditioned = model.attend(features, bank)) {
			d = model.decode(conditioned, features);
		}
		TrackedOutput[] out = new TrackedOutput[d.batchSize()];
		for (int b = 0; b < out.length; b++) {
			int best = MaskChoice.bestMultimask(d, b);
			boolean present = d.objectScore()[b] > 0;
			float[] lowRes = present ? d.mask(b, best) : filled(d.mask(b, best).length, NO_OBJECT_SCORE);
			float[] pointer = present ? d.objectPointer(b, best) : noObjPtr.clone();
			FrameSource source = sources[b];
			out[b] = new TrackedOutput(lowRes, pointer, d.objectScore()[b], false, o -> {
				try (FrameSource.FeatureLease lease = source.features()) {
					return model.encodeMemory(lease.get(), o.lowResLogits(), false, o.objectPresent());
				}
			});
		}
		return out;
	}

	private static float[] filled(int n, float v) {
		float[] a = new float[n];
		Arrays.fill(a, v);
		return a;
	}
}

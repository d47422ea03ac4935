package sc.fiji.revsam2.tracking;

import java.util.List;

import sc.fiji.revsam2.sam2.DecoderResult;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Resize;

/**
 * Turns a frame and its mask into a conditioning output, as SAM2's video predictor does for a
 * mask prompt ({@code add_new_mask} with {@code use_mask_input_as_output_without_sam}): the mask,
 * resized to the image size (antialiased) and thresholded, is the output (logits +-10, downsampled
 * with antialias); the object pointer comes from the decoder run on the mask prompt; the memory
 * is encoded from the binarised mask when first needed.
 */
public final class ConditioningEncoder {

	private static final float OUT_SCALE = 20f, OUT_BIAS = -10f;

	private final Sam2Model model;
	private final float[] noObjPtr;

	public ConditioningEncoder(Sam2Model model) {
		this.model = model;
		this.noObjPtr = model.descriptor().tensor("no_obj_ptr").values();
	}

	public TrackedOutput encode(FrameSource frame, Mask2D mask) {
		if (mask.width() != frame.width() || mask.height() != frame.height()) {
			throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but its frame is " + frame.width() + "x" + frame.height());
		}
		int s = model.config().imageSize(), l = model.config().lowResMaskSize();
		boolean[] atImageSize = maskAtImageSize(mask, s);
		float[] high = new float[s * s];
		boolean any = false;
		for (int i = 0; i < high.length; i++) {
			high[i] = atImageSize[i] ? OUT_SCALE + OUT_BIAS : OUT_BIAS;
			any |= atImageSize[i];
		}
		float[] lowRes = Resize.bilinearAntialias(high, s, s, l, l);

		DecoderResult d;
		try (FrameSource.FeatureLease lease = frame.features()) {
			d = model.decodeWithMaskPrompt(lease.get(), List.of(atImageSize));
		}
		// single-mask output: the pointer is token 0's; the decoder's object score, then the mask's emptiness, decide occlusion
		float[] pointer = d.objectScore()[0] > 0 ? d.objectPointer(0, 0) : noObjPtr.clone();
		if (!any) pointer = noObjPtr.clone();
		float score = any ? OUT_SCALE + OUT_BIAS : OUT_BIAS;
		return new TrackedOutput(lowRes, pointer, score, true, o -> {
			try (FrameSource.FeatureLease lease = frame.features()) {
				return model.encodeMemory(lease.get(), o.lowResLogits(), true, o.objectPresent());
			}
		});
	}

	/** The mask resized to s x s like SAM2's {@code add_new_mask}: antialiased bilinear, >= 0.5. */
	static boolean[] maskAtImageSize(Mask2D mask, int s) {
		if (mask.width() == s && mask.height() == s) return mask.pixels().clone();
		return Resize.maskAntialias(mask, s, s).pixels();
	}
}

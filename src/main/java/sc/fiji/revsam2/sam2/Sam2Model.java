package sc.fiji.revsam2.sam2;

import java.util.List;

/**
 * The typed calls the tracker makes on a SAM2 model. Each call is one network component; the
 * bookkeeping of SAM2's video predictor lives in the tracker, so this interface is easy to fake
 * in tests (e.g. to count how often images are encoded).
 */
public interface Sam2Model extends AutoCloseable {

	Sam2Config config();

	/** The learned tensors the tracker uses in Java ({@code no_obj_ptr}, {@code maskmem_tpos_enc}, ...). */
	ModelDescriptor descriptor();

	/**
	 * Encodes grey slices of one size (values in [0, 1], row-major, width x height) as a batch:
	 * SAM2's resize to the image size, ImageNet normalisation, image encoder.
	 */
	FrameFeatures encodeSlices(List<float[]> slices, int width, int height);

	/** One batch made of several (batch 1 each) feature handles, e.g. all supports. */
	FrameFeatures stack(List<FrameFeatures> frames);

	/**
	 * The decoder on the frames' own features with a mask prompt: binary masks at image size,
	 * each S x S row-major, through {@code mask_downsample} and the prompt encoder.
	 */
	DecoderResult decodeWithMaskPrompt(FrameFeatures frames, List<boolean[]> masksAtImageSize);

	/** Memory attention of a batch of frames to one memory bank. */
	ConditionedFeatures attend(FrameFeatures frames, MemoryBankInput memory);

	/** The decoder (no prompt) on memory-conditioned features, with the frames' high-resolution features. */
	DecoderResult decode(ConditionedFeatures conditioned, FrameFeatures frames);

	/**
	 * A frame's memory from its low-resolution mask logits (L x L): binarised (mask prompts) or
	 * sigmoid (predictions), the no-object embedding added when {@code objectPresent} is false.
	 */
	MemoryFeatures encodeMemory(FrameFeatures frame, float[] lowResLogits, boolean binarize, boolean objectPresent);

	/** Writes one frame's features to a channel (to keep them on disk between uses). */
	void writeFeatures(FrameFeatures frame, java.nio.channels.WritableByteChannel out) throws java.io.IOException;

	/** Reads features written by {@link #writeFeatures}. */
	FrameFeatures readFeatures(java.nio.channels.ReadableByteChannel in) throws java.io.IOException;

	@Override
	void close();
}

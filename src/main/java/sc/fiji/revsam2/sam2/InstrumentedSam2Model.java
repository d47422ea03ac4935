package sc.fiji.revsam2.sam2;

import java.util.List;
import java.util.function.Supplier;

import sc.fiji.revsam2.sam2.ModelCallStats.Kind;

/** A model that counts and times every call of the model it wraps. */
public final class InstrumentedSam2Model implements Sam2Model {

	private final Sam2Model model;
	private final ModelCallStats stats = new ModelCallStats();

	public InstrumentedSam2Model(Sam2Model model) {
		this.model = model;
	}

	/** Live counters (copy them to keep a snapshot). */
	public ModelCallStats stats() { return stats; }

	public Sam2Model wrapped() { return model; }

	@Override
	public Sam2Config config() { return model.config(); }

	@Override
	public ModelDescriptor descriptor() { return model.descriptor(); }

	@Override
	public FrameFeatures encodeSlices(List<float[]> slices, int width, int height) {
		return timed(Kind.IMAGE_ENCODER, slices.size(), () -> model.encodeSlices(slices, width, height));
	}

	@Override
	public FrameFeatures stack(List<FrameFeatures> frames) { return model.stack(frames); }

	@Override
	public DecoderResult decodeWithMaskPrompt(FrameFeatures frames, List<boolean[]> masks) {
		return timed(Kind.MASK_DECODER, 1, () -> model.decodeWithMaskPrompt(frames, masks));
	}

	@Override
	public ConditionedFeatures attend(FrameFeatures frames, MemoryBankInput memory) {
		stats.add(Kind.MEMORY_ATTENTION_FRAMES, frames.batchSize(), 0);
		return timed(Kind.MEMORY_ATTENTION, 1, () -> model.attend(frames, memory));
	}

	@Override
	public DecoderResult decode(ConditionedFeatures conditioned, FrameFeatures frames) {
		return timed(Kind.MASK_DECODER, 1, () -> model.decode(conditioned, frames));
	}

	@Override
	public MemoryFeatures encodeMemory(FrameFeatures frame, float[] lowResLogits, boolean binarize, boolean objectPresent) {
		return timed(Kind.MEMORY_ENCODER, 1, () -> model.encodeMemory(frame, lowResLogits, binarize, objectPresent));
	}

	@Override
	public void writeFeatures(FrameFeatures frame, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
		model.writeFeatures(frame, out);
	}

	@Override
	public FrameFeatures readFeatures(java.nio.channels.ReadableByteChannel in) throws java.io.IOException {
		return model.readFeatures(in);
	}

	@Override
	public void close() { model.close(); }

	private <T> T timed(Kind kind, long count, Supplier<T> call) {
		long t0 = System.nanoTime();
		try {
			return call.get();
		} finally {
			stats.add(kind, count, System.nanoTime() - t0);
		}
	}
}

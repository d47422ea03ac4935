package sc.fiji.revsam2.testing;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.revsam2.sam2.Architecture;
import sc.fiji.revsam2.sam2.ConditionedFeatures;
import sc.fiji.revsam2.sam2.DecoderResult;
import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.MemoryFeatures;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.Sam2Config;
import sc.fiji.revsam2.sam2.Sam2Model;

/**
 * A model without a network: it records which calls are made (images encoded, memory banks
 * attended to) and answers with a fixed disk-shaped mask, so the tracker's and the algorithm's
 * bookkeeping can be tested exactly and fast.
 */
public final class FakeSam2Model implements Sam2Model {

	/** Features of one encoded image: remembers the image's first values to identify it. */
	public final class Features implements FrameFeatures {
		public final int batch;
		public final List<float[]> images;
		public boolean closed;

		Features(List<float[]> images) {
			this.images = images;
			this.batch = images.size();
		}

		@Override
		public int batchSize() { return batch; }

		@Override
		public long byteSize() { return 1000L * batch; }

		@Override
		public void close() { closed = true; }
	}

	public static final class Memory implements MemoryFeatures {
		public final boolean binarized;

		Memory(boolean binarized) { this.binarized = binarized; }

		@Override
		public long byteSize() { return 100; }

		@Override
		public void close() {}
	}

	private final Sam2Config cfg;
	private final ModelDescriptor descriptor;
	public final List<float[]> encodedImages = new ArrayList<>();
	public final List<MemoryBankInput> banks = new ArrayList<>();
	public final List<Integer> bankBatchSizes = new ArrayList<>();
	public int memoryEncodings, binarizedMemoryEncodings, promptDecodes, decodes;
	/** The image of every memory encoding (its first image), in call order. */
	public final List<float[]> memoryImages = new ArrayList<>();

	public FakeSam2Model() {
		Architecture a = Architecture.load(Architecture.MICRO);
		cfg = Sam2Config.infer(a.shapes(), a.imageSize());
		descriptor = new ModelDescriptor();
		descriptor.config = cfg;
		descriptor.name = "fake";
		descriptor.tensors.put("no_obj_ptr", new ModelDescriptor.SmallTensor(new long[] { 1, cfg.hiddenDim() }, new float[cfg.hiddenDim()]));
		descriptor.tensors.put("maskmem_tpos_enc", new ModelDescriptor.SmallTensor(new long[] { cfg.numMaskmem(), 1, 1, cfg.memDim() },
			new float[cfg.numMaskmem() * cfg.memDim()]));
	}

	@Override
	public Sam2Config config() { return cfg; }

	@Override
	public ModelDescriptor descriptor() { return descriptor; }

	@Override
	public FrameFeatures encodeSlices(List<float[]> slices, int width, int height) {
		encodedImages.addAll(slices);
		return new Features(new ArrayList<>(slices));
	}

	@Override
	public FrameFeatures stack(List<FrameFeatures> frames) {
		List<float[]> all = new ArrayList<>();
		for (FrameFeatures f : frames) all.addAll(((Features) f).images);
		return new Features(all);
	}

	@Override
	public DecoderResult decodeWithMaskPrompt(FrameFeatures frames, List<boolean[]> masks) {
		promptDecodes++;
		return result(frames.batchSize());
	}

	@Override
	public ConditionedFeatures attend(FrameFeatures frames, MemoryBankInput memory) {
		banks.add(memory);
		bankBatchSizes.add(frames.batchSize());
		int b = frames.batchSize();
		return new ConditionedFeatures() {
			@Override
			public int batchSize() { return b; }

			@Override
			public void close() {}
		};
	}

	@Override
	public DecoderResult decode(ConditionedFeatures conditioned, FrameFeatures frames) {
		decodes++;
		return result(frames.batchSize());
	}

	@Override
	public MemoryFeatures encodeMemory(FrameFeatures frame, float[] lowResLogits, boolean binarize, boolean objectPresent) {
		memoryEncodings++;
		if (binarize) binarizedMemoryEncodings++;
		memoryImages.add(((Features) frame).images.get(0));
		return new Memory(binarize);
	}

	@Override
	public void writeFeatures(FrameFeatures frame, WritableByteChannel out) throws IOException {
		throw new IOException("the fake model keeps everything in memory");
	}

	@Override
	public FrameFeatures readFeatures(ReadableByteChannel in) throws IOException {
		throw new IOException("the fake model keeps everything in memory");
	}

	@Override
	public void close() {}

	/** A centred disk of logits +5 / -5 for every token; token 2 has the best IoU; the object is present. */
	private DecoderResult result(int b) {
		int l = cfg.lowResMaskSize(), t = cfg.numMaskTokens(), c = cfg.hiddenDim();
		float[] disk = new float[l * l];
		for (int y = 0; y < l; y++) for (int x = 0; x < l; x++) {
			double dx = x - l / 2.0, dy = y - l / 2.0;
			disk[y * l + x] = dx * dx + dy * dy < (l / 4.0) * (l / 4.0) ? 5f : -5f;
		}
		float[][][] masks = new float[b][t][];
		float[][] iou = new float[b][t];
		float[][][] ptr = new float[b][t][];
		float[] score = new float[b];
		for (int i = 0; i < b; i++) {
			for (int k = 0; k < t; k++) {
				masks[i][k] = disk.clone();
				iou[i][k] = k == 2 ? 0.9f : 0.5f;
				ptr[i][k] = new float[c];
				Arrays.fill(ptr[i][k], k);
			}
			score[i] = 3f;
		}
		return new DecoderResult(b, t, l, masks, iou, score, ptr);
	}
}

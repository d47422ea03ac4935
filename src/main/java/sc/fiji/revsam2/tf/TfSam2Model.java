package sc.fiji.revsam2.tf;

import static sc.fiji.revsam2.sam2.Signatures.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ConditionedFeatures;
import sc.fiji.revsam2.sam2.DecoderResult;
import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.MemoryConditioning;
import sc.fiji.revsam2.sam2.MemoryFeatures;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.ModelFolderCheck;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.sam2.Sam2Config;
import sc.fiji.revsam2.sam2.Sam2Model;

/**
 * A converted model folder loaded into TensorFlow. Features and memories stay in native
 * tensors; only masks, scores and pointers (small) come back as Java arrays. Not thread-safe:
 * one run at a time per instance.
 */
public final class TfSam2Model implements Sam2Model {

	private final ModelDescriptor descriptor;
	private final Sam2Config cfg;
	private final SavedModelBundle bundle;
	private final Map<String, Signature> signatures = new HashMap<>();
	private final MemoryConditioning conditioning;

	private TfSam2Model(ModelDescriptor descriptor, SavedModelBundle bundle) {
		this.descriptor = descriptor;
		this.cfg = descriptor.config;
		this.bundle = bundle;
		for (Signature s : bundle.signatures()) signatures.put(s.key(), s);
		this.conditioning = new MemoryConditioning(descriptor);
	}

	/** Loads a model folder made by {@link Sam2Converter}, checking it first; float32. */
	public static TfSam2Model load(Path folder, ComputeDevice device) throws ModelFolderException {
		return load(folder, device, Precision.FLOAT32);
	}

	/** Loads a model folder made by {@link Sam2Converter}, checking it first, to run in {@code precision}. */
	public static TfSam2Model load(Path folder, ComputeDevice device, Precision precision) throws ModelFolderException {
		ModelDescriptor d = ModelDescriptor.read(folder);
		ModelFolderCheck.check(folder, d);
		ConfigProto.Builder config = ConfigProto.newBuilder();
		if (device == ComputeDevice.CPU) config.putDeviceCount("GPU", 0);
		else config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
		if (precision == Precision.BFLOAT16) {
			// Grappler's oneDNN pass rewrites the graph's matrix products, convolutions and
			// their neighbours to bfloat16 (with casts at the edges); float32 in and out.
			config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
				RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
		}
		SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(folder.resolve(ModelDescriptor.SAVED_MODEL_DIR).toString())
				.withTags(SavedModelBundle.DEFAULT_TAG).withConfigProto(config.build()).load();
		} catch (TensorFlowException | IllegalArgumentException e) {
			throw new ModelFolderException("Model folder " + folder + " cannot be loaded by TensorFlow (" + e.getMessage() + "); convert the checkpoint again", e);
		}
		TfSam2Model m = new TfSam2Model(d, bundle);
		for (String key : List.of(ENCODE_SLICES, IMAGE_ENCODER, MASK_PROMPT, MASK_DECODER, MEMORY_ENCODER, ENCODE_MEMORY, MEMORY_ATTENTION)) {
			if (!m.signatures.containsKey(key)) {
				m.close();
				throw new ModelFolderException(folder, "lacks the '" + key + "' signature; convert the checkpoint again");
			}
		}
		return m;
	}

	@Override
	public Sam2Config config() { return cfg; }

	@Override
	public ModelDescriptor descriptor() { return descriptor; }

	// ---- generic signature calls ----------------------------------------------------------------

	/**
	 * Runs part of a signature: feeds only the given inputs (the others keep their defaults)
	 * and fetches only the named outputs, in order.
	 */
	public Result run(String signature, Map<String, Tensor> inputs, String... outputs) {
		Signature sig = signatures.get(signature);
		if (sig == null) throw new IllegalArgumentException("no signature '" + signature + "'");
		Session.Runner r = bundle.session().runner();
		inputs.forEach((name, t) -> {
			Signature.TensorDescription d = sig.getInputs().get(name);
			if (d == null) throw new IllegalArgumentException("signature '" + signature + "' has no input '" + name + "'");
			r.feed(d.name, t);
		});
		for (String o : outputs) {
			Signature.TensorDescription d = sig.getOutputs().get(o);
			if (d == null) throw new IllegalArgumentException("signature '" + signature + "' has no output '" + o + "'");
			r.fetch(d.name);
		}
		return r.run();
	}

	// ---- typed calls --------------------------------------------------------------------------

	@Override
	public FrameFeatures encodeSlices(List<float[]> slices, int width, int height) {
		float[] all = new float[slices.size() * width * height];
		for (int i = 0; i < slices.size(); i++) System.arraycopy(slices.get(i), 0, all, i * width * height, width * height);
		try (TFloat32 in = TfTensors.of(all, slices.size(), height, width, 1)) {
			Result r = run(ENCODE_SLICES, Map.of(SLICES, in), HIGH_RES_0, HIGH_RES_1, VISION_FEATURES);
			return new TfFrameFeatures((TFloat32) r.get(0), (TFloat32) r.get(1), (TFloat32) r.get(2), r);
		}
	}

	@Override
	public FrameFeatures stack(List<FrameFeatures> frames) {
		if (frames.size() == 1) return new TfFrameFeatures(tf(frames.get(0)).highRes0, tf(frames.get(0)).highRes1, tf(frames.get(0)).vision, null); // shares, owns nothing
		List<TFloat32> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
		for (FrameFeatures f : frames) {
			TfFrameFeatures t = tf(f);
			a.add(t.highRes0);
			b.add(t.highRes1);
			c.add(t.vision);
		}
		return new TfFrameFeatures(TfTensors.concat0(a), TfTensors.concat0(b), TfTensors.concat0(c), null, true);
	}

	@Override
	public DecoderResult decodeWithMaskPrompt(FrameFeatures frames, List<boolean[]> masksAtImageSize) {
		TfFrameFeatures f = tf(frames);
		int s = cfg.imageSize();
		float[] m = new float[masksAtImageSize.size() * s * s];
		for (int i = 0; i < masksAtImageSize.size(); i++) {
			boolean[] mask = masksAtImageSize.get(i);
			for (int p = 0; p < mask.length; p++) if (mask[p]) m[i * s * s + p] = 1f;
		}
		try (TFloat32 maskIn = TfTensors.of(m, masksAtImageSize.size(), s, s, 1);
			Result dense = run(MASK_PROMPT, Map.of(MASK, maskIn), DENSE)) {
			return decoder(Map.of(IMAGE_EMBEDDINGS, f.vision, HIGH_RES_0, f.highRes0, HIGH_RES_1, f.highRes1, DENSE, dense.get(0)));
		}
	}

	@Override
	public ConditionedFeatures attend(FrameFeatures frames, MemoryBankInput bank) {
		TfFrameFeatures f = tf(frames);
		int cm = cfg.memDim(), perFrame = conditioning.memoryValues();
		List<MemoryBankInput.Memory> mems = bank.memories();
		long tokens = (long) mems.size() * (perFrame / cm);
		TFloat32 memory = TFloat32.tensorOf(Shape.of(1, tokens, cm));
		TFloat32 memoryPos = TFloat32.tensorOf(Shape.of(1, tokens, cm));
		FloatDataBuffer memBuf = memory.asRawTensor().data().asFloats(), posBuf = memoryPos.asRawTensor().data().asFloats();
		for (int i = 0; i < mems.size(); i++) {
			TFloat32 src = ((TfMemoryFeatures) mems.get(i).features()).memory;
			src.asRawTensor().data().asFloats().copyTo(memBuf.slice((long) i * perFrame, perFrame), perFrame);
			posBuf.slice((long) i * perFrame, perFrame).write(conditioning.memoryPosEmbed(mems.get(i).temporalRow()));
		}
		List<MemoryBankInput.Pointer> ptrs = bank.pointers();
		long ptrTokens = (long) ptrs.size() * conditioning.tokensPerPointer();
		try (memory; memoryPos;
			TFloat32 pt = TfTensors.of(conditioning.objPtrTokens(ptrs), 1, ptrTokens, cm);
			TFloat32 pp = TfTensors.of(conditioning.objPtrPosEmbed(ptrs), 1, ptrTokens, cm)) {
			Result r = run(MEMORY_ATTENTION, Map.of(CURR, f.vision, MEMORY, memory, MEMORY_POS, memoryPos, POINTERS, pt, POINTER_POS, pp), CONDITIONED);
			return new TfConditioned((TFloat32) r.get(0), r, f.batch);
		}
	}

	@Override
	public DecoderResult decode(ConditionedFeatures conditioned, FrameFeatures frames) {
		TfConditioned cnd = (TfConditioned) conditioned;
		TfFrameFeatures f = tf(frames);
		return decoder(Map.of(IMAGE_EMBEDDINGS, cnd.features, HIGH_RES_0, f.highRes0, HIGH_RES_1, f.highRes1));
	}

	@Override
	public MemoryFeatures encodeMemory(FrameFeatures frame, float[] lowResLogits, boolean binarize, boolean objectPresent) {
		TfFrameFeatures f = tf(frame);
		int l = cfg.lowResMaskSize();
		try (TFloat32 logits = TfTensors.of(lowResLogits, 1, l, l, 1);
			TFloat32 bin = TfTensors.of(new float[] { binarize ? 1 : 0 }, 1);
			TFloat32 present = TfTensors.of(new float[] { objectPresent ? 1 : 0 }, 1)) {
			Result r = run(ENCODE_MEMORY, Map.of(PIX_FEAT, f.vision, LOW_RES_LOGITS, logits, BINARIZE, bin, OBJECT_PRESENT, present), MEMORY);
			return new TfMemoryFeatures((TFloat32) r.get(0), r);
		}
	}

	@Override
	public void writeFeatures(FrameFeatures frame, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
		TfFrameFeatures f = tf(frame);
		for (TFloat32 t : List.of(f.highRes0, f.highRes1, f.vision)) TfTensors.write(t, out);
	}

	@Override
	public FrameFeatures readFeatures(java.nio.channels.ReadableByteChannel in) throws java.io.IOException {
		TFloat32 a = TfTensors.read(in), b = null, c = null;
		try {
			b = TfTensors.read(in);
			c = TfTensors.read(in);
		} catch (java.io.IOException | RuntimeException e) {
			a.close();
			if (b != null) b.close();
			throw e;
		}
		return new TfFrameFeatures(a, b, c, null, true);
	}

	private DecoderResult decoder(Map<String, Tensor> inputs) {
		try (Result r = run(MASK_DECODER, inputs, MASKS, IOU, OBJECT_SCORE, OBJECT_POINTERS)) {
			TFloat32 masks = (TFloat32) r.get(0), iou = (TFloat32) r.get(1), score = (TFloat32) r.get(2), ptrs = (TFloat32) r.get(3);
			long[] ms = masks.shape().asArray();
			int b = (int) ms[0], t = (int) ms[1], l = (int) ms[2], c = cfg.hiddenDim();
			float[] m = TfTensors.toArray(masks), io = TfTensors.toArray(iou), sc = TfTensors.toArray(score), p = TfTensors.toArray(ptrs);
			float[][][] masksOut = new float[b][t][];
			float[][] iouOut = new float[b][t];
			float[][][] ptrOut = new float[b][t][];
			for (int i = 0; i < b; i++) {
				for (int k = 0; k < t; k++) {
					masksOut[i][k] = java.util.Arrays.copyOfRange(m, (i * t + k) * l * l, (i * t + k + 1) * l * l);
					iouOut[i][k] = io[i * t + k];
					ptrOut[i][k] = java.util.Arrays.copyOfRange(p, (i * t + k) * c, (i * t + k + 1) * c);
				}
			}
			return new DecoderResult(b, t, l, masksOut, iouOut, sc, ptrOut);
		}
	}

	private static TfFrameFeatures tf(FrameFeatures f) {
		if (!(f instanceof TfFrameFeatures t)) throw new IllegalArgumentException("features of another model");
		return t;
	}

	@Override
	public void close() {
		bundle.close();
	}

	// ---- handles --------------------------------------------------------------------------------

	static final class TfFrameFeatures implements FrameFeatures {
		final TFloat32 highRes0, highRes1, vision;
		final int batch;
		private final AutoCloseable owner;
		private final boolean ownsTensors;

		TfFrameFeatures(TFloat32 highRes0, TFloat32 highRes1, TFloat32 vision, AutoCloseable owner) {
			this(highRes0, highRes1, vision, owner, false);
		}

		TfFrameFeatures(TFloat32 highRes0, TFloat32 highRes1, TFloat32 vision, AutoCloseable owner, boolean ownsTensors) {
			this.highRes0 = highRes0;
			this.highRes1 = highRes1;
			this.vision = vision;
			this.batch = (int) vision.shape().asArray()[0];
			this.owner = owner;
			this.ownsTensors = ownsTensors;
		}

		@Override
		public int batchSize() { return batch; }

		@Override
		public long byteSize() {
			return highRes0.asRawTensor().numBytes() + highRes1.asRawTensor().numBytes() + vision.asRawTensor().numBytes();
		}

		@Override
		public void close() {
			if (ownsTensors) {
				highRes0.close();
				highRes1.close();
				vision.close();
			}
			if (owner != null) {
				try { owner.close(); } catch (Exception e) { throw new IllegalStateException(e); }
			}
		}
	}

	static final class TfMemoryFeatures implements MemoryFeatures {
		final TFloat32 memory;
		private final Result owner;

		TfMemoryFeatures(TFloat32 memory, Result owner) {
			this.memory = memory;
			this.owner = owner;
		}

		@Override
		public long byteSize() { return memory.asRawTensor().numBytes(); }

		@Override
		public void close() { owner.close(); }
	}

	static final class TfConditioned implements ConditionedFeatures {
		final TFloat32 features;
		final int batch;
		private final Result owner;

		TfConditioned(TFloat32 features, Result owner, int batch) {
			this.features = features;
			this.owner = owner;
			this.batch = batch;
		}

		@Override
		public int batchSize() { return batch; }

		@Override
		public void close() { owner.close(); }
	}
}

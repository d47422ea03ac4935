package sc.fiji.revsam2.tf;

import static sc.fiji.revsam2.sam2.Signatures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.sam2.PositionEncodings;
import sc.fiji.revsam2.sam2.Sam2Config;
import sc.fiji.revsam2.tf.graph.GraphWeights;
import sc.fiji.revsam2.tf.graph.ImageEncoderGraph;
import sc.fiji.revsam2.tf.graph.MaskDecoderGraph;
import sc.fiji.revsam2.tf.graph.MemoryAttentionGraph;
import sc.fiji.revsam2.tf.graph.MemoryEncoderGraph;
import sc.fiji.revsam2.tf.graph.Nn;

/**
 * Builds every signature of a SAM2 model into one graph with shared weight variables.
 * Optional inputs are placeholders with defaults, so one subgraph serves both the
 * component-level signature and the one the tracker calls.
 */
final class Sam2Graph {

	private final Ops tf;
	private final Sam2Config cfg;
	private final GraphWeights weights;
	private final Nn nn;
	private final List<Signature> signatures = new ArrayList<>();

	Sam2Graph(Ops tf, Sam2Config cfg, Map<String, NdArray> tensors) {
		this.tf = tf;
		this.cfg = cfg;
		this.weights = new GraphWeights(tf, tensors);
		this.nn = new Nn(tf, weights);
	}

	GraphWeights weights() { return weights; }

	List<Signature> build() {
		int s = cfg.imageSize(), h = cfg.featureSize(), c = cfg.hiddenDim(), cm = cfg.memDim();
		long hw = (long) h * h;

		// image encoder: slices -> preprocessed images (overridable) -> features
		ImageEncoderGraph encoder = new ImageEncoderGraph(nn, cfg);
		Placeholder<TFloat32> slices = input(SLICES, -1, -1, -1, 1);
		Operand<TFloat32> images = tf.withName(IMAGES).placeholderWithDefault(encoder.preprocess(slices), Shape.of(-1, s, s, 3));
		ImageEncoderGraph.Features f = encoder.build(images);
		Operand<TFloat32> hr0 = named(f.highRes0(), HIGH_RES_0), hr1 = named(f.highRes1(), HIGH_RES_1), vis = named(f.visionFeatures(), VISION_FEATURES);
		signatures.add(Signature.builder().key(ENCODE_SLICES).input(SLICES, slices)
			.output(HIGH_RES_0, hr0).output(HIGH_RES_1, hr1).output(VISION_FEATURES, vis).build());
		signatures.add(Signature.builder().key(IMAGE_ENCODER).input(IMAGES, images)
			.output(HIGH_RES_0, hr0).output(HIGH_RES_1, hr1).output(VISION_FEATURES, vis).build());

		// prompt encoder for a mask prompt at image size
		MaskDecoderGraph decoder = new MaskDecoderGraph(nn, cfg);
		Placeholder<TFloat32> mask = input(MASK, -1, s, s, 1);
		Operand<TFloat32> dense = named(decoder.maskDense(decoder.downsampleMaskInput(mask)), DENSE);
		signatures.add(Signature.builder().key(MASK_PROMPT).input(MASK, mask).output(DENSE, dense).build());

		// mask decoder
		Placeholder<TFloat32> emb = input(IMAGE_EMBEDDINGS, -1, h, h, c);
		Placeholder<TFloat32> in0 = input("decoder_" + HIGH_RES_0, -1, 4 * h, 4 * h, c / 8);
		Placeholder<TFloat32> in1 = input("decoder_" + HIGH_RES_1, -1, 2 * h, 2 * h, c / 4);
		Operand<TFloat32> pe = tf.withName(IMAGE_PE).placeholderWithDefault(decoder.imagePe(), Shape.of(1, hw, c));
		Operand<TFloat32> sparse = tf.withName(SPARSE).placeholderWithDefault(decoder.noPointsSparse(emb), Shape.of(-1, 2, c));
		Operand<TFloat32> denseIn = tf.withName("decoder_" + DENSE).placeholderWithDefault(
			tf.broadcastTo(decoder.noMaskDense(), tf.constant(new int[] { 1, h, h, c })), Shape.of(-1, h, h, c));
		MaskDecoderGraph.Outputs d = decoder.build(emb, pe, sparse, denseIn, in0, in1);
		signatures.add(Signature.builder().key(MASK_DECODER)
			.input(IMAGE_EMBEDDINGS, emb).input(HIGH_RES_0, in0).input(HIGH_RES_1, in1)
			.input(IMAGE_PE, pe).input(SPARSE, sparse).input(DENSE, denseIn)
			.output(MASKS, named(d.masks(), MASKS)).output(IOU, named(d.iou(), IOU)).output(TOKENS, named(d.tokens(), TOKENS))
			.output(OBJECT_SCORE, named(d.objectScore(), OBJECT_SCORE))
			.output(OBJECT_POINTERS, named(decoder.objectPointers(d.tokens()), OBJECT_POINTERS)).build());

		// memory encoder: scaled mask (overridable) from low-res logits
		MemoryEncoderGraph memEnc = new MemoryEncoderGraph(nn, cfg);
		Placeholder<TFloat32> pix = input(PIX_FEAT, -1, h, h, c);
		Placeholder<TFloat32> lowRes = input(LOW_RES_LOGITS, -1, 4 * h, 4 * h, 1);
		Placeholder<TFloat32> binarize = input(BINARIZE, -1);
		Placeholder<TFloat32> present = input(OBJECT_PRESENT, -1);
		MemoryEncoderGraph.FrameMemory fm = memEnc.encodeFrameMemory(pix, lowRes, binarize, present, m ->
			tf.withName("memory_" + MASK).placeholderWithDefault(m, Shape.of(-1, s, s, 1)));
		signatures.add(Signature.builder().key(MEMORY_ENCODER).input(PIX_FEAT, pix).input(MASK, fm.scaledMask())
			.output(FEATURES, named(fm.features(), FEATURES)).build());
		signatures.add(Signature.builder().key(ENCODE_MEMORY).input(PIX_FEAT, pix).input(LOW_RES_LOGITS, lowRes)
			.input(BINARIZE, binarize).input(OBJECT_PRESENT, present).output(MEMORY, named(fm.memory(), MEMORY)).build());

		// memory attention
		MemoryAttentionGraph attn = new MemoryAttentionGraph(nn, cfg);
		Placeholder<TFloat32> curr = input(CURR, -1, h, h, c);
		Operand<TFloat32> currPos = tf.withName(CURR_POS).placeholderWithDefault(
			weights.derived("vision_pos_enc_2", new long[] { 1, hw, c }, PositionEncodings.sine2d(h, h, c)), Shape.of(1, hw, c));
		Placeholder<TFloat32> memory = input(MEMORY, 1, -1, cm);
		Placeholder<TFloat32> memoryPos = input(MEMORY_POS, 1, -1, cm);
		Placeholder<TFloat32> ptrs = input(POINTERS, 1, -1, cm);
		Placeholder<TFloat32> ptrPos = input(POINTER_POS, 1, -1, cm);
		Operand<TFloat32> conditioned = attn.build(nn.reshape(curr, -1, hw, c), currPos, memory, memoryPos, ptrs, ptrPos);
		conditioned = named(nn.reshape(conditioned, -1, h, h, c), CONDITIONED);
		signatures.add(Signature.builder().key(MEMORY_ATTENTION).input(CURR, curr).input(CURR_POS, currPos)
			.input(MEMORY, memory).input(MEMORY_POS, memoryPos).input(POINTERS, ptrs).input(POINTER_POS, ptrPos)
			.output(CONDITIONED, conditioned).build());
		return signatures;
	}

	private Placeholder<TFloat32> input(String name, long... shape) {
		return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
	}

	private Operand<TFloat32> named(Operand<TFloat32> x, String name) {
		return tf.withName("out_" + name).identity(x);
	}
}

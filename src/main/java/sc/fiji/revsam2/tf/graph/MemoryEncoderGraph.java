package sc.fiji.revsam2.tf.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.sam2.Sam2Config;

/**
 * SAM2's memory encoder (mask downsampler, pixel-feature projection, ConvNeXt fuser, output
 * projection) and the step of {@code SAM2Base._encode_new_memory} around it.
 */
public final class MemoryEncoderGraph {

	private static final String M = "memory_encoder.";

	private final Nn nn;
	private final Sam2Config cfg;

	public MemoryEncoderGraph(Nn nn, Sam2Config cfg) {
		this.nn = nn;
		this.cfg = cfg;
	}

	/** MemoryEncoder.forward with an already scaled mask: pixFeat [B, h, w, C], mask [B, S, S, 1] -> [B, h, w, Cm]. */
	public Operand<TFloat32> build(Operand<TFloat32> pixFeat, Operand<TFloat32> mask) {
		Operand<TFloat32> m = mask;
		int layers = cfg.maskDownsamplerLayers();
		for (int i = 0; i < layers; i++) {
			m = nn.conv2d(m, M + "mask_downsampler.encoder." + (3 * i), 2, 1);
			m = nn.gelu(nn.layerNorm(m, M + "mask_downsampler.encoder." + (3 * i + 1), 1e-6f));
		}
		m = nn.conv1x1(m, M + "mask_downsampler.encoder." + (3 * layers));
		Operand<TFloat32> x = nn.add(nn.conv1x1(pixFeat, M + "pix_feat_proj"), m);
		for (int i = 0; i < cfg.fuserLayers(); i++) x = cxBlock(x, M + "fuser.layers." + i);
		return nn.conv1x1(x, M + "out_proj");
	}

	private Operand<TFloat32> cxBlock(Operand<TFloat32> input, String p) {
		Operand<TFloat32> x = nn.depthwiseConv2d(input, p + ".dwconv", 3);
		x = nn.layerNorm(x, p + ".norm", 1e-6f);
		x = nn.linear(nn.gelu(nn.linear(x, p + ".pwconv1")), p + ".pwconv2");
		x = nn.mul(x, nn.weights().raw(p + ".gamma"));
		return nn.add(input, x);
	}

	/** The scaled mask fed to the encoder, the encoder's raw features, and the stored memory. */
	public record FrameMemory(Operand<TFloat32> scaledMask, Operand<TFloat32> features, Operand<TFloat32> memory) {}

	/**
	 * A frame's memory from its low-resolution mask logits, as the video predictor stores it:
	 * logits [B, 4h, 4w, 1] upsampled to the image size, binarised (masks from prompts,
	 * {@code binarize} = 1) or passed through a sigmoid, scaled to [-10, 10] ({@code maskHook}
	 * may substitute that scaled mask), encoded with the frame's raw features; the no-object
	 * embedding is added where {@code objectPresent} = 0 (SAM2.1); the result is rounded to
	 * bfloat16 like the reference's memory bank. binarize and objectPresent are [B] floats of 0 or 1.
	 */
	public FrameMemory encodeFrameMemory(Operand<TFloat32> pixFeat, Operand<TFloat32> lowResLogits, Operand<TFloat32> binarize,
		Operand<TFloat32> objectPresent, java.util.function.UnaryOperator<Operand<TFloat32>> maskHook) {
		Ops tf = nn.tf();
		int s = cfg.imageSize();
		Operand<TFloat32> high = tf.image.resizeBilinear(lowResLogits, tf.constant(new int[] { s, s }), ResizeBilinear.halfPixelCenters(true));
		Operand<TFloat32> b = nn.reshape(binarize, -1, 1, 1, 1);
		Operand<TFloat32> hard = tf.dtypes.cast(tf.math.greater(high, tf.constant(0f)), TFloat32.class);
		Operand<TFloat32> soft = tf.math.sigmoid(high);
		Operand<TFloat32> one = tf.constant(1f);
		Operand<TFloat32> mask = nn.add(nn.mul(b, hard), nn.mul(tf.math.sub(one, b), soft));
		mask = maskHook.apply(nn.add(nn.scale(mask, cfg.sigmoidScaleForMemEnc()), tf.constant(cfg.sigmoidBiasForMemEnc())));
		Operand<TFloat32> features = build(pixFeat, mask);
		Operand<TFloat32> memory = features;
		if (cfg.noObjEmbedSpatial()) {
			Operand<TFloat32> absent = tf.math.sub(one, nn.reshape(objectPresent, -1, 1, 1, 1));
			memory = nn.add(memory, nn.mul(absent, nn.reshape(nn.weights().raw("no_obj_embed_spatial"), 1, 1, 1, cfg.memDim())));
		}
		memory = tf.dtypes.cast(tf.dtypes.cast(memory, TBfloat16.class), TFloat32.class);
		return new FrameMemory(mask, features, memory);
	}
}

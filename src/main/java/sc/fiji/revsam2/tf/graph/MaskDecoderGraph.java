package sc.fiji.revsam2.tf.graph;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import sc.fiji.revsam2.sam2.PositionEncodings;
import sc.fiji.revsam2.sam2.Sam2Config;

/**
 * SAM's prompt encoder (the parts video tracking uses: no points, optional mask prompt) and
 * SAM2's mask decoder (two-way transformer, high-resolution upscaling, IoU, object-score and
 * object-pointer heads). All outputs are for every mask token; choosing among them
 * (multimask, stability fallback, occlusion) is bookkeeping done by the caller.
 */
public final class MaskDecoderGraph {

	/** masks [B, T, 4h, 4w], iou [B, T], tokens [B, T, C], objectScore [B, 1]; T = mask tokens. */
	public record Outputs(Operand<TFloat32> masks, Operand<TFloat32> iou, Operand<TFloat32> tokens, Operand<TFloat32> objectScore) {}

	private static final String D = "sam_mask_decoder.";
	private static final String P = "sam_prompt_encoder.";

	private final Nn nn;
	private final Sam2Config cfg;

	public MaskDecoderGraph(Nn nn, Sam2Config cfg) {
		this.nn = nn;
		this.cfg = cfg;
	}

	/** The prompt encoder's dense position encoding [1, h * w, C] (a weight-derived constant). */
	public Operand<TFloat32> imagePe() {
		int h = cfg.featureSize();
		float[] pe = PositionEncodings.randomFourier(nn.weights().tensor(P + "pe_layer.positional_encoding_gaussian_matrix"), h, h);
		return nn.weights().derived(P + "dense_pe", new long[] { 1, (long) h * h, cfg.hiddenDim() }, pe);
	}

	/** Sparse prompt of a frame without points: the padding point twice, [B, 2, C]. */
	public Operand<TFloat32> noPointsSparse(Operand<TFloat32> batchLike) {
		Ops tf = nn.tf();
		Operand<TFloat32> nap = nn.weights().raw(P + "not_a_point_embed.weight");   // [1, C]
		Operand<TFloat32> two = tf.concat(List.of(nap, nap), tf.constant(0));
		return tf.broadcastTo(nn.reshape(two, 1, 2, cfg.hiddenDim()), batchShape(batchLike, 2, cfg.hiddenDim()));
	}

	/** Dense prompt of a frame without a mask prompt: {@code no_mask_embed} everywhere, [1, 1, 1, C]. */
	public Operand<TFloat32> noMaskDense() {
		return nn.reshape(nn.weights().raw(P + "no_mask_embed.weight"), 1, 1, 1, cfg.hiddenDim());
	}

	/** Dense prompt of a low-resolution mask prompt [B, 4h, 4w, 1]: {@code mask_downscaling}, [B, h, w, C]. */
	public Operand<TFloat32> maskDense(Operand<TFloat32> maskPrompt) {
		Operand<TFloat32> x = nn.conv2d(maskPrompt, P + "mask_downscaling.0", 2, 0);
		x = nn.gelu(nn.layerNorm(x, P + "mask_downscaling.1", 1e-6f));
		x = nn.conv2d(x, P + "mask_downscaling.3", 2, 0);
		x = nn.gelu(nn.layerNorm(x, P + "mask_downscaling.4", 1e-6f));
		return nn.conv1x1(x, P + "mask_downscaling.6");
	}

	/** SAM2Base's {@code mask_downsample}: a binary mask at image size [B, S, S, 1] to a mask prompt [B, S/4, S/4, 1]. */
	public Operand<TFloat32> downsampleMaskInput(Operand<TFloat32> mask) {
		return nn.conv2d(mask, "mask_downsample", 4, 0);
	}

	/**
	 * MaskDecoder.predict_masks. image [B, h, w, C], imagePe [1, h*w, C], sparse [B, P, C],
	 * dense [B or 1, h or 1, w or 1, C], highRes0 [B, 4h, 4w, C/8], highRes1 [B, 2h, 2w, C/4].
	 */
	public Outputs build(Operand<TFloat32> image, Operand<TFloat32> imagePe, Operand<TFloat32> sparse, Operand<TFloat32> dense,
		Operand<TFloat32> highRes0, Operand<TFloat32> highRes1) {
		Ops tf = nn.tf();
		int c = cfg.hiddenDim(), h = cfg.featureSize(), t = cfg.numMaskTokens();
		GraphWeights w = nn.weights();
		Operand<TFloat32> outputTokens = tf.concat(List.of(w.raw(D + "obj_score_token.weight"), w.raw(D + "iou_token.weight"),
			w.raw(D + "mask_tokens.weight")), tf.constant(0));                                      // [2 + T, C]
		Operand<TFloat32> tokens = tf.concat(List.of(
			tf.broadcastTo(nn.reshape(outputTokens, 1, 2 + t, c), batchShape(image, 2 + t, c)), sparse), tf.constant(1));

		Operand<TFloat32> src = nn.reshape(nn.add(image, dense), -1, (long) h * h, c);
		Operand<TFloat32>[] qk = twoWayTransformer(src, imagePe, tokens);
		Operand<TFloat32> hs = qk[0], keys = qk[1];

		// upscaling with the high-resolution features
		Operand<TFloat32> up = nn.transposedConv2x2(nn.reshape(keys, -1, h, h, c), D + "output_upscaling.0");
		up = nn.gelu(nn.layerNorm(nn.add(up, highRes1), D + "output_upscaling.1", 1e-6f));
		up = nn.gelu(nn.add(nn.transposedConv2x2(up, D + "output_upscaling.3"), highRes0));   // [B, 4h, 4w, C/8]

		List<Operand<TFloat32>> hyper = new ArrayList<>();
		for (int i = 0; i < t; i++) {
			Operand<TFloat32> token = tf.squeeze(tf.slice(hs, tf.constant(new int[] { 0, 2 + i, 0 }), tf.constant(new int[] { -1, 1, c })),
				org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
			hyper.add(nn.mlp(token, D + "output_hypernetworks_mlps." + i, 3, Nn.Activation.RELU));
		}
		Operand<TFloat32> hyperIn = tf.stack(hyper, org.tensorflow.op.core.Stack.axis(1L));       // [B, T, C/8]
		int lowRes = 4 * h, c8 = (int) Nn.dims(up)[3];
		Operand<TFloat32> masks = tf.train.batchMatMul(hyperIn, nn.reshape(up, -1, (long) lowRes * lowRes, c8), TFloat32.class,
			org.tensorflow.op.train.BatchMatMul.adjY(true));
		masks = nn.reshape(masks, -1, t, lowRes, lowRes);

		Operand<TFloat32> objToken = tf.squeeze(tf.slice(hs, tf.constant(new int[] { 0, 0, 0 }), tf.constant(new int[] { -1, 1, c })),
			org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
		Operand<TFloat32> iouToken = tf.squeeze(tf.slice(hs, tf.constant(new int[] { 0, 1, 0 }), tf.constant(new int[] { -1, 1, c })),
			org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
		Operand<TFloat32> iou = tf.math.sigmoid(nn.mlp(iouToken, D + "iou_prediction_head", 3, Nn.Activation.RELU));
		Operand<TFloat32> objScore = nn.mlp(objToken, D + "pred_obj_score_head", 3, Nn.Activation.RELU);
		Operand<TFloat32> maskTokens = tf.slice(hs, tf.constant(new int[] { 0, 2, 0 }), tf.constant(new int[] { -1, t, c }));
		return new Outputs(masks, iou, maskTokens, objScore);
	}

	/** {@code obj_ptr_proj} (an MLP in both SAM2 versions) applied to every token [B, T, C]. */
	public Operand<TFloat32> objectPointers(Operand<TFloat32> tokens) {
		return nn.mlp(tokens, "obj_ptr_proj", 3, Nn.Activation.RELU);
	}

	@SuppressWarnings("unchecked")
	private Operand<TFloat32>[] twoWayTransformer(Operand<TFloat32> keys, Operand<TFloat32> keyPe, Operand<TFloat32> pointEmbedding) {
		String p = D + "transformer.";
		Operand<TFloat32> queries = pointEmbedding;
		for (int i = 0; i < cfg.decoderDepth(); i++) {
			String lp = p + "layers." + i + ".";
			if (i == 0) {
				queries = attention(queries, queries, queries, lp + "self_attn");   // skip_first_layer_pe
			} else {
				Operand<TFloat32> q = nn.add(queries, pointEmbedding);
				queries = nn.add(queries, attention(q, q, queries, lp + "self_attn"));
			}
			queries = nn.layerNorm(queries, lp + "norm1", 1e-5f);
			Operand<TFloat32> q = nn.add(queries, pointEmbedding), k = nn.add(keys, keyPe);
			queries = nn.layerNorm(nn.add(queries, attention(q, k, keys, lp + "cross_attn_token_to_image")), lp + "norm2", 1e-5f);
			queries = nn.layerNorm(nn.add(queries, nn.mlp(queries, lp + "mlp", 2, Nn.Activation.RELU)), lp + "norm3", 1e-5f);
			q = nn.add(queries, pointEmbedding);
			k = nn.add(keys, keyPe);
			keys = nn.layerNorm(nn.add(keys, attention(k, q, queries, lp + "cross_attn_image_to_token")), lp + "norm4", 1e-5f);
		}
		Operand<TFloat32> q = nn.add(queries, pointEmbedding), k = nn.add(keys, keyPe);
		queries = nn.layerNorm(nn.add(queries, attention(q, k, keys, p + "final_attn_token_to_image")), p + "norm_final_attn", 1e-5f);
		return new Operand[] { queries, keys };
	}

	/** SAM's Attention: projections to an internal width, {@code decoderHeads} heads, out projection. */
	private Operand<TFloat32> attention(Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v, String p) {
		int heads = cfg.decoderHeads();
		Operand<TFloat32> qp = heads(nn.linear(q, p + ".q_proj"), heads);
		Operand<TFloat32> kp = heads(nn.linear(k, p + ".k_proj"), heads);
		Operand<TFloat32> vp = heads(nn.linear(v, p + ".v_proj"), heads);
		Operand<TFloat32> o = nn.attention(qp, kp, vp, 0);                          // [B, heads, Nq, dh]
		long[] d = Nn.dims(o);
		o = nn.reshape(nn.transpose(o, 0, 2, 1, 3), -1, d[2], d[1] * d[3]);
		return nn.linear(o, p + ".out_proj");
	}

	/** [B, N, heads * dh] -> [B, heads, N, dh]. */
	private Operand<TFloat32> heads(Operand<TFloat32> x, int heads) {
		long[] d = Nn.dims(x);
		return nn.transpose(nn.reshape(x, -1, d[1], heads, d[2] / heads), 0, 2, 1, 3);
	}

	/** [batch of x, rest...] as a dynamic shape. */
	private Operand<TInt32> batchShape(Operand<TFloat32> x, int... rest) {
		Ops tf = nn.tf();
		Operand<TInt32> b = tf.slice(tf.shape(x), tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 }));
		return tf.concat(List.of(b, tf.constant(rest)), tf.constant(0));
	}
}

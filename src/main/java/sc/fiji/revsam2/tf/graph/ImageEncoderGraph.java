package sc.fiji.revsam2.tf.graph;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.sam2.PositionEncodings;
import sc.fiji.revsam2.sam2.Sam2Config;

/**
 * SAM2's image encoder: the Hiera trunk, the FPN neck (top-down only into the stride-16 level,
 * nearest upsampling, lowest level dropped) and the mask decoder's conv_s0/conv_s1 projections
 * of the two high-resolution levels, as {@code SAM2Base.forward_image} computes them.
 */
public final class ImageEncoderGraph {

	/** Outputs, channels-last: stride 4 (C/8 channels), stride 8 (C/4), stride 16 (C). */
	public record Features(Operand<TFloat32> highRes0, Operand<TFloat32> highRes1, Operand<TFloat32> visionFeatures) {}

	private static final float[] MEAN = { 0.485f, 0.456f, 0.406f };
	private static final float[] STD = { 0.229f, 0.224f, 0.225f };

	private final Nn nn;
	private final Sam2Config cfg;

	public ImageEncoderGraph(Nn nn, Sam2Config cfg) {
		this.nn = nn;
		this.cfg = cfg;
	}

	/**
	 * SAM2's video-loader preprocessing of grey slices [B, H, W, 1] with values in [0, 1]:
	 * bilinear resize (half-pixel, no antialias) to the image size, three channels, ImageNet
	 * mean and std. Returns [B, S, S, 3].
	 */
	public Operand<TFloat32> preprocess(Operand<TFloat32> slices) {
		Ops tf = nn.tf();
		int s = cfg.imageSize();
		Operand<TFloat32> resized = tf.image.resizeBilinear(slices, tf.constant(new int[] { s, s }), ResizeBilinear.halfPixelCenters(true));
		Operand<TFloat32> rgb = tf.concat(List.of(resized, resized, resized), tf.constant(3));
		// PyTorch divides by the std (not multiplying by its inverse): same rounding
		return tf.math.div(tf.math.sub(rgb, tf.constant(MEAN)), tf.constant(STD));
	}

	/** The encoder on preprocessed images [B, S, S, 3]. */
	public Features build(Operand<TFloat32> image) {
		List<Operand<TFloat32>> stages = trunk(image);
		return neck(stages);
	}

	private List<Operand<TFloat32>> trunk(Operand<TFloat32> image) {
		String p = "image_encoder.trunk.";
		GraphWeights w = nn.weights();
		Operand<TFloat32> x = nn.conv2d(image, p + "patch_embed.proj", 4, 3);
		long[] d = Nn.dims(x);
		int h = (int) d[1], wd = (int) d[2], c = (int) d[3];
		float[] pos = PositionEncodings.hieraPosEmbed(w.tensor(p + "pos_embed"), w.tensor(p + "pos_embed_window"), h, wd);
		x = nn.add(x, w.derived(p + "pos_embed#resized", new long[] { 1, h, wd, c }, pos));

		int[] stages = cfg.stages();
		int[] stageEnds = new int[stages.length];
		for (int i = 0, acc = 0; i < stages.length; i++) { acc += stages[i]; stageEnds[i] = acc - 1; }
		int dim = cfg.embedDim(), heads = cfg.initialHeads(), curStage = 1;
		java.util.Set<Integer> global = new java.util.HashSet<>();
		for (int g : cfg.globalAttentionBlocks()) global.add(g);
		java.util.Set<Integer> ends = new java.util.HashSet<>();
		for (int e : stageEnds) ends.add(e);

		List<Operand<TFloat32>> outs = new java.util.ArrayList<>();
		for (int i = 0; i < cfg.blockCount(); i++) {
			// the window size lags a block: the first block of a stage still uses the previous stage's
			int window = global.contains(i) ? 0 : cfg.windowSpec()[curStage - 1];
			int dimOut = dim;
			// the first block of each later stage doubles width and heads and pools its queries 2x
			boolean qPool = ends.contains(i - 1);
			if (qPool) {
				dimOut = dim * Sam2Config.DIM_MUL;
				heads = heads * Sam2Config.HEAD_MUL;
				curStage++;
			}
			x = block(x, p + "blocks." + i, dim, dimOut, heads, window, qPool);
			dim = dimOut;
			if (ends.contains(i)) outs.add(x);
		}
		return outs;
	}

	/** Hiera's MultiScaleBlock. */
	private Operand<TFloat32> block(Operand<TFloat32> x, String p, int dim, int dimOut, int heads, int window, boolean qPool) {
		Operand<TFloat32> shortcut = x;
		Operand<TFloat32> normed = nn.layerNorm(x, p + ".norm1", 1e-6f);
		if (dim != dimOut) {
			shortcut = nn.linear(normed, p + ".proj");
			if (qPool) shortcut = nn.maxPool(shortcut, 2);
		}
		long[] sd = Nn.dims(shortcut);
		int outH = (int) sd[1], outW = (int) sd[2];

		Operand<TFloat32> y = normed;
		long[] d = Nn.dims(normed);
		int h = (int) d[1], w = (int) d[2];
		int padH = 0, padW = 0;
		if (window > 0) {
			padH = (window - h % window) % window;
			padW = (window - w % window) % window;
			y = partition(nn.padBottomRight(y, padH, padW), window, h + padH, w + padW, dim);
		}
		y = attention(y, p + ".attn", dimOut, heads, qPool);
		if (window > 0) {
			int ws = qPool ? window / 2 : window;
			int ph = (ws - outH % ws) % ws, pw = (ws - outW % ws) % ws;
			y = unpartition(y, ws, outH + ph, outW + pw, outH, outW, dimOut);
		}
		x = nn.add(shortcut, y);
		Operand<TFloat32> m = nn.mlp(nn.layerNorm(x, p + ".norm2", 1e-6f), p + ".mlp", 2, Nn.Activation.GELU);
		return nn.add(x, m);
	}

	/** [B, Hp, Wp, C] -> [B * windows, ws, ws, C]. */
	private Operand<TFloat32> partition(Operand<TFloat32> x, int ws, int hp, int wp, int c) {
		Operand<TFloat32> y = nn.reshape(x, -1, hp / ws, ws, wp / ws, ws, c);
		y = nn.transpose(y, 0, 1, 3, 2, 4, 5);
		return nn.reshape(y, -1, ws, ws, c);
	}

	/** [B * windows, ws, ws, C] -> [B, H, W, C], padding removed. */
	private Operand<TFloat32> unpartition(Operand<TFloat32> x, int ws, int hp, int wp, int h, int w, int c) {
		Operand<TFloat32> y = nn.reshape(x, -1, hp / ws, wp / ws, ws, ws, c);
		y = nn.transpose(y, 0, 1, 3, 2, 4, 5);
		y = nn.reshape(y, -1, hp, wp, c);
		if (hp > h || wp > w) {
			Ops tf = nn.tf();
			y = tf.slice(y, tf.constant(new int[] { 0, 0, 0, 0 }), tf.constant(new int[] { -1, h, w, c }));
		}
		return y;
	}

	/** Hiera's MultiScaleAttention on [B', H, W, dim] (optionally pooling the queries 2x). */
	private Operand<TFloat32> attention(Operand<TFloat32> x, String p, int dimOut, int heads, boolean qPool) {
		long[] d = Nn.dims(x);
		int h = (int) d[1], w = (int) d[2];
		int dh = dimOut / heads;
		Operand<TFloat32> qkv = nn.linear(x, p + ".qkv");                       // [B', H, W, 3 * dimOut]
		qkv = nn.reshape(qkv, -1, (long) h * w, 3, heads, dh);
		qkv = nn.transpose(qkv, 2, 0, 3, 1, 4);                                  // [3, B', heads, N, dh]
		List<org.tensorflow.Output<TFloat32>> parts = nn.tf().unstack(qkv, 3L).output();
		Operand<TFloat32> q = parts.get(0), k = parts.get(1), v = parts.get(2);
		int qh = h, qw = w;
		if (qPool) {
			Operand<TFloat32> qs = nn.reshape(nn.transpose(q, 0, 2, 1, 3), -1, h, w, dimOut);
			qs = nn.maxPool(qs, 2);
			qh = h / 2;
			qw = w / 2;
			q = nn.transpose(nn.reshape(qs, -1, (long) qh * qw, heads, dh), 0, 2, 1, 3);
		}
		Operand<TFloat32> o = nn.attention(q, k, v, 0);                          // [B', heads, Nq, dh]
		o = nn.reshape(nn.transpose(o, 0, 2, 1, 3), -1, qh, qw, dimOut);
		return nn.linear(o, p + ".proj");
	}

	private Features neck(List<Operand<TFloat32>> xs) {
		Ops tf = nn.tf();
		int n = xs.size() - 1;
		Operand<TFloat32>[] out = newArray(xs.size());
		Operand<TFloat32> prev = null;
		for (int i = n; i >= 0; i--) {
			Operand<TFloat32> lateral = nn.conv1x1(xs.get(i), "image_encoder.neck.convs." + (n - i) + ".conv");
			// fpn_top_down_levels = [2, 3]: only the two lowest resolutions get top-down features
			if (i >= 2 && prev != null) {
				long[] d = Nn.dims(prev);
				Operand<TFloat32> up = tf.image.resizeNearestNeighbor(prev, tf.constant(new int[] { (int) d[1] * 2, (int) d[2] * 2 }));
				prev = nn.add(lateral, up);
			} else {
				prev = lateral;
			}
			out[i] = prev;
		}
		// scalp = 1: the lowest-resolution level is not an output
		Operand<TFloat32> s0 = nn.conv1x1(out[0], "sam_mask_decoder.conv_s0");
		Operand<TFloat32> s1 = nn.conv1x1(out[1], "sam_mask_decoder.conv_s1");
		return new Features(s0, s1, out[2]);
	}

	@SuppressWarnings("unchecked")
	private static Operand<TFloat32>[] newArray(int n) { return new Operand[n]; }
}

package sc.fiji.revsam2.tf.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The PyTorch layers SAM2 is made of, as TensorFlow graph pieces over channels-last tensors
 * (TensorFlow's CPU convolutions only support NHWC). Weight names are the checkpoint's.
 */
public final class Nn {

	public enum Activation { RELU, GELU, NONE }

	private final Ops tf;
	private final GraphWeights w;

	public Nn(Ops tf, GraphWeights weights) {
		this.tf = tf;
		this.w = weights;
	}

	public Ops tf() { return tf; }

	public GraphWeights weights() { return w; }

	// ---- shapes -------------------------------------------------------------------------

	/** Static shape (-1 where unknown). */
	public static long[] dims(Operand<?> x) { return x.shape().asArray(); }

	public <T extends org.tensorflow.types.family.TType> Operand<T> reshape(Operand<T> x, long... shape) {
		return tf.reshape(x, tf.constant(shape));
	}

	public <T extends org.tensorflow.types.family.TType> Operand<T> transpose(Operand<T> x, int... perm) {
		return tf.linalg.transpose(x, tf.constant(perm));
	}

	/** Shape of x with its last axis replaced, static where possible, dynamic otherwise. */
	private Operand<TInt32> withLast(Operand<TFloat32> x, long last) {
		long[] d = dims(x);
		long unknown = Arrays.stream(d).filter(v -> v < 0).count();
		if (unknown <= 1) {
			int[] s = new int[d.length];
			for (int i = 0; i < d.length; i++) s[i] = (int) d[i];
			s[d.length - 1] = (int) last;
			return tf.constant(s);
		}
		Operand<TInt32> sh = tf.shape(x);
		Operand<TInt32> lead = tf.slice(sh, tf.constant(new int[] { 0 }), tf.constant(new int[] { d.length - 1 }));
		return tf.concat(List.of(lead, tf.constant(new int[] { (int) last })), tf.constant(0));
	}

	// ---- elementwise --------------------------------------------------------------------

	public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) { return tf.math.add(a, b); }

	public Operand<TFloat32> mul(Operand<TFloat32> a, Operand<TFloat32> b) { return tf.math.mul(a, b); }

	public Operand<TFloat32> scale(Operand<TFloat32> a, float s) { return tf.math.mul(a, tf.constant(s)); }

	/** Exact GELU (PyTorch's default, erf form). */
	public Operand<TFloat32> gelu(Operand<TFloat32> x) {
		Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))));
		return tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(erf, tf.constant(1f)));
	}

	public Operand<TFloat32> activate(Operand<TFloat32> x, Activation a) {
		switch (a) {
			case RELU: return tf.nn.relu(x);
			case GELU: return gelu(x);
			default: return x;
		}
	}

	// ---- layers -------------------------------------------------------------------------

	/** {@code nn.Linear} on the last axis: x @ W^T + b, with W stored [out, in]. */
	public Operand<TFloat32> linear(Operand<TFloat32> x, String prefix) {
		long[] d = dims(x);
		if (d.length == 2) return linear2d(x, prefix);
		long in = d[d.length - 1];
		Operand<TFloat32> y = linear2d(reshape(x, -1, in), prefix);
		return tf.reshape(y, withLast(x, dims(y)[1]));
	}

	/** A linear layer with the given weight [in, out] and bias [out] (or null) on the last axis of x. */
	public Operand<TFloat32> linear(Operand<TFloat32> x, Operand<TFloat32> weight, Operand<TFloat32> bias) {
		long[] d = dims(x);
		Operand<TFloat32> y = tf.linalg.matMul(d.length == 2 ? x : reshape(x, -1, d[d.length - 1]), weight);
		if (bias != null) y = tf.nn.biasAdd(y, bias);
		return d.length == 2 ? y : tf.reshape(y, withLast(x, dims(y)[1]));
	}

	/** A linear layer on [N, in]; MatMul followed by BiasAdd, which TensorFlow fuses into one kernel. */
	private Operand<TFloat32> linear2d(Operand<TFloat32> x, String prefix) {
		Operand<TFloat32> y = tf.linalg.matMul(x, w.linearWeight(prefix + ".weight"));
		return w.has(prefix + ".bias") ? tf.nn.biasAdd(y, w.raw(prefix + ".bias")) : y;
	}

	/**
	 * {@code nn.LayerNorm} (or SAM's LayerNorm2d in channels-last form) over the last axis, written
	 * as Keras writes it (moments, then x * inv + (beta - mean * inv)) so that TensorFlow's oneDNN
	 * remapper can fuse it into one layer-norm kernel.
	 */
	public Operand<TFloat32> layerNorm(Operand<TFloat32> x, String prefix, float eps) {
		Operand<TInt32> axis = tf.constant(new int[] { -1 });
		Operand<TFloat32> mean = tf.math.mean(x, axis, Mean.keepDims(true));
		Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(x, mean), axis, Mean.keepDims(true));
		Operand<TFloat32> inv = tf.math.mul(tf.math.rsqrt(tf.math.add(var, tf.constant(eps))), w.raw(prefix + ".weight"));
		return tf.math.add(tf.math.mul(x, inv), tf.math.sub(w.raw(prefix + ".bias"), tf.math.mul(mean, inv)));
	}

	/** SAM's MLP: {@code layers} linears with an activation between them (computed on [N, C] rows). */
	public Operand<TFloat32> mlp(Operand<TFloat32> x, String prefix, int layers, Activation act) {
		long[] d = dims(x);
		Operand<TFloat32> y = d.length == 2 ? x : reshape(x, -1, d[d.length - 1]);
		for (int i = 0; i < layers; i++) {
			y = linear2d(y, prefix + ".layers." + i);
			if (i < layers - 1) y = activate(y, act);
		}
		return d.length == 2 ? y : tf.reshape(y, withLast(x, dims(y)[1]));
	}

	/** {@code nn.Conv2d} (groups = 1) on NHWC input with symmetric zero padding. */
	public Operand<TFloat32> conv2d(Operand<TFloat32> x, String prefix, int stride, int padding) {
		Operand<TFloat32> in = padSpatial(x, padding);
		Operand<TFloat32> y = tf.nn.conv2d(in, w.convWeight(prefix + ".weight"), List.of(1L, (long) stride, (long) stride, 1L), "VALID");
		return w.has(prefix + ".bias") ? tf.nn.biasAdd(y, w.raw(prefix + ".bias")) : y;
	}

	/** A 1x1 convolution as a matmul over channels. */
	public Operand<TFloat32> conv1x1(Operand<TFloat32> x, String prefix) {
		Operand<TFloat32> weight = w.reshaped(prefix + ".weight", dims(w.raw(prefix + ".weight"))[0], dims(w.raw(prefix + ".weight"))[1]);
		long out = dims(weight)[0], in = dims(weight)[1];
		Operand<TFloat32> y = tf.linalg.matMul(reshape(x, -1, in), weight, MatMul.transposeB(true));
		y = tf.reshape(y, withLast(x, out));
		return tf.math.add(y, w.raw(prefix + ".bias"));
	}

	/** Depthwise {@code nn.Conv2d} (groups = channels) on NHWC input. */
	public Operand<TFloat32> depthwiseConv2d(Operand<TFloat32> x, String prefix, int padding) {
		Operand<TFloat32> in = padSpatial(x, padding);
		Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(in, w.depthwiseWeight(prefix + ".weight"), List.of(1L, 1L, 1L, 1L), "VALID");
		return tf.nn.biasAdd(y, w.raw(prefix + ".bias"));
	}

	/** {@code nn.ConvTranspose2d(kernel 2, stride 2)} on NHWC input, as one matmul and a pixel shuffle. */
	public Operand<TFloat32> transposedConv2x2(Operand<TFloat32> x, String prefix) {
		long[] d = dims(x);
		long h = d[1], wd = d[2], in = d[3];
		Operand<TFloat32> weight = w.transposedConv2x2Weight(prefix + ".weight");
		long out = dims(weight)[1] / 4;
		Operand<TFloat32> y = tf.linalg.matMul(reshape(x, -1, in), weight);
		y = reshape(y, -1, h, wd, 2, 2, out);
		y = transpose(y, 0, 1, 3, 2, 4, 5);
		y = reshape(y, -1, 2 * h, 2 * wd, out);
		return tf.math.add(y, w.raw(prefix + ".bias"));
	}

	/** {@code nn.MaxPool2d(k, stride k)} on NHWC input. */
	public Operand<TFloat32> maxPool(Operand<TFloat32> x, int k) {
		return tf.nn.maxPool(x, tf.constant(new int[] { 1, k, k, 1 }), tf.constant(new int[] { 1, k, k, 1 }), "VALID");
	}

	public Operand<TFloat32> padSpatial(Operand<TFloat32> x, int p) {
		if (p == 0) return x;
		return tf.pad(x, tf.constant(new int[][] { { 0, 0 }, { p, p }, { p, p }, { 0, 0 } }), tf.constant(0f));
	}

	/** Zero padding at the bottom and right of an NHWC tensor. */
	public Operand<TFloat32> padBottomRight(Operand<TFloat32> x, int ph, int pw) {
		if (ph == 0 && pw == 0) return x;
		return tf.pad(x, tf.constant(new int[][] { { 0, 0 }, { 0, ph }, { 0, pw }, { 0, 0 } }), tf.constant(0f));
	}

	// ---- attention ----------------------------------------------------------------------

	/**
	 * Scaled dot-product attention softmax(q k^T / sqrt(d)) v over the last two axes; batch axes
	 * broadcast (so keys and values shared by a batch of queries are computed once). With
	 * {@code queryChunk > 0} the queries are processed in chunks, one after the other, so that
	 * the attention matrix of a long memory never exists whole.
	 */
	public Operand<TFloat32> attention(Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v, int queryChunk) {
		long[] qd = dims(q);
		int axis = qd.length - 2;
		long nq = qd[axis];
		float scale = (float) (1 / Math.sqrt(qd[qd.length - 1]));
		if (queryChunk <= 0 || nq <= queryChunk || nq % queryChunk != 0) {
			return attend(tf, q, k, v, scale);
		}
		int chunks = (int) (nq / queryChunk);
		List<org.tensorflow.Output<TFloat32>> parts = tf.split(tf.constant(axis), q, (long) chunks).output();
		List<Operand<TFloat32>> outs = new ArrayList<>();
		Ops scope = tf;
		for (Operand<TFloat32> part : parts) {
			Operand<TFloat32> o = attend(scope, part, k, v, scale);
			outs.add(o);
			// the next chunk starts when this one is done: bounds the memory of the attention matrix
			scope = tf.withControlDependencies(o);
		}
		return tf.concat(outs, tf.constant(axis));
	}

	private static Operand<TFloat32> attend(Ops ops, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v, float scale) {
		long[] qd = dims(q), kd = dims(k), vd = dims(v);
		// one head and keys and values shared by the whole batch of queries (cross-attention to
		// one memory): the batch's queries as the rows of one product, not a broadcast batch
		boolean fold = qd.length == 4 && qd[0] != 1 && qd[1] == 1 && qd[2] > 0 && kd[0] == 1 && kd[1] == 1 && vd[0] == 1 && vd[1] == 1;
		Operand<TFloat32> qs = ops.math.mul(q, ops.constant(scale));
		if (fold) qs = ops.reshape(qs, ops.constant(new long[] { 1, 1, -1, qd[3] }));
		Operand<TFloat32> logits = batchMatMul(ops, qs, k, true);
		Operand<TFloat32> o = batchMatMul(ops, ops.nn.softmax(logits), v, false);
		return fold ? ops.reshape(o, ops.constant(new long[] { -1, 1, qd[2], vd[3] })) : o;
	}

	private static Operand<TFloat32> batchMatMul(Ops ops, Operand<TFloat32> x, Operand<TFloat32> y, boolean adjY) {
		org.tensorflow.OperationBuilder b = ops.scope().opBuilder("BatchMatMulV2", "BatchMatMulV2");
		b.addInput(x.asOutput());
		b.addInput(y.asOutput());
		b.setAttr("adj_y", adjY);
		return b.build().output(0);
	}
}

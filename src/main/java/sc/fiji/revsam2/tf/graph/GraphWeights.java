package sc.fiji.revsam2.tf.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.checkpoint.NdArray;

/**
 * Checkpoint tensors as graph variables. Each weight becomes a variable that is assigned once
 * from a placeholder ({@link #initialize}); weights as graph constants would make a huge graph
 * whose first call is slow (grappler folds them). Layout changes (PyTorch's [out, in] linear
 * weights, OIHW convolutions) are done here, once, in plain Java.
 */
public final class GraphWeights {

	private final Ops tf;
	private final Map<String, NdArray> tensors;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
	private final List<Pending> pending = new ArrayList<>();

	private record Pending(Variable<TFloat32> variable, long[] shape, float[] values) {}

	public GraphWeights(Ops tf, Map<String, NdArray> tensors) {
		this.tf = tf;
		this.tensors = tensors;
	}

	public boolean has(String name) { return tensors.containsKey(name); }

	public NdArray tensor(String name) {
		NdArray t = tensors.get(name);
		if (t == null) throw new IllegalArgumentException("checkpoint has no tensor '" + name + "'");
		return t;
	}

	/** The tensor as stored in the checkpoint. */
	public Operand<TFloat32> raw(String name) {
		return variable(name, () -> tensor(name).shape(), () -> tensor(name).data());
	}

	/** The tensor reshaped (same element order). */
	public Operand<TFloat32> reshaped(String name, long... shape) {
		return variable(name + "#reshaped", () -> shape, () -> tensor(name).data());
	}

	/** A linear layer's weight [out, in] as [in, out], ready for x @ W. */
	public Operand<TFloat32> linearWeight(String name) {
		return variable(name + "#T", () -> {
			long[] s = tensor(name).shape();
			return new long[] { s[1], s[0] };
		}, () -> transpose2d(tensor(name)));
	}

	/** A convolution weight [out, in, kh, kw] as TensorFlow's [kh, kw, in, out]. */
	public Operand<TFloat32> convWeight(String name) {
		return variable(name + "#HWIO", () -> {
			long[] s = tensor(name).shape();
			return new long[] { s[2], s[3], s[1], s[0] };
		}, () -> permute(tensor(name), new int[] { 2, 3, 1, 0 }));
	}

	/** A depthwise convolution weight [C, 1, kh, kw] as TensorFlow's [kh, kw, C, 1]. */
	public Operand<TFloat32> depthwiseWeight(String name) {
		return variable(name + "#HWC1", () -> {
			long[] s = tensor(name).shape();
			return new long[] { s[2], s[3], s[0], 1 };
		}, () -> permute(tensor(name), new int[] { 2, 3, 0, 1 }));
	}

	/**
	 * A 2x2 stride-2 transposed convolution weight [in, out, 2, 2] as a matrix
	 * [in, 2 * 2 * out] ordered (di, dj, out), so that the layer is one matmul.
	 */
	public Operand<TFloat32> transposedConv2x2Weight(String name) {
		return variable(name + "#mat", () -> {
			long[] s = tensor(name).shape();
			return new long[] { s[0], s[2] * s[3] * s[1] };
		}, () -> permute(tensor(name), new int[] { 0, 2, 3, 1 }));
	}

	/** A tensor computed at conversion time from the weights (e.g. the resized position embedding). */
	public Operand<TFloat32> derived(String key, long[] shape, float[] values) {
		return variable(key, () -> shape, () -> values);
	}

	private Operand<TFloat32> variable(String key, java.util.function.Supplier<long[]> shape, java.util.function.Supplier<float[]> values) {
		Variable<TFloat32> v = variables.get(key);
		if (v != null) return v;
		long[] sh = shape.get();
		v = tf.withSubScope("w").withName(opName(key)).variable(Shape.of(sh), TFloat32.class);
		variables.put(key, v);
		pending.add(new Pending(v, sh, values.get()));
		return v;
	}

	/** Assigns every variable its value, in batches of about 64 MB. */
	public void initialize(Session session) {
		int i = 0;
		while (i < pending.size()) {
			Session.Runner runner = session.runner();
			List<TFloat32> fed = new ArrayList<>();
			long bytes = 0;
			try {
				while (i < pending.size() && (fed.isEmpty() || bytes < (64L << 20))) {
					Pending p = pending.get(i++);
					Placeholder<TFloat32> in = tf.withSubScope("init").placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape)));
					TFloat32 value = TFloat32.tensorOf(Shape.of(p.shape));
					fed.add(value);
					value.asRawTensor().data().asFloats().write(p.values);
					runner.feed(in, value).addTarget(tf.assign(p.variable, in));
					bytes += 4L * p.values.length;
				}
				runner.run();
			} finally {
				fed.forEach(TFloat32::close);
			}
		}
		pending.clear();
	}

	/** Number of float parameters held in variables (derived tensors included). */
	public long parameterCount() {
		long n = 0;
		for (Variable<TFloat32> v : variables.values()) n += v.shape().size();
		return n;
	}

	private static String opName(String key) {
		return key.replace('#', '_').replace('+', 'p');
	}

	static float[] transpose2d(NdArray a) {
		int rows = (int) a.dim(0), cols = (int) a.dim(1);
		float[] src = a.data(), dst = new float[src.length];
		for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
		return dst;
	}

	/** Row-major permutation of a rank-4 array: out axis k is input axis perm[k]. */
	static float[] permute(NdArray a, int[] perm) {
		long[] s = a.shape();
		int[] d = { (int) s[0], (int) s[1], (int) s[2], (int) s[3] };
		int[] od = { d[perm[0]], d[perm[1]], d[perm[2]], d[perm[3]] };
		int[] stride = { d[1] * d[2] * d[3], d[2] * d[3], d[3], 1 };
		float[] src = a.data(), dst = new float[src.length];
		int o = 0;
		int[] idx = new int[4];
		for (idx[0] = 0; idx[0] < od[0]; idx[0]++)
			for (idx[1] = 0; idx[1] < od[1]; idx[1]++)
				for (idx[2] = 0; idx[2] < od[2]; idx[2]++)
					for (idx[3] = 0; idx[3] < od[3]; idx[3]++) {
						int off = 0;
						for (int k = 0; k < 4; k++) off += idx[k] * stride[perm[k]];
						dst[o++] = src[off];
					}
		return dst;
	}
}

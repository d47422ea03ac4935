package sc.fiji.revsam2.tf.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Attention over query chunks (used at 1024 px, where queries outnumber a chunk) equals attention in one piece. */
class ChunkedAttentionTest {

	@Test
	void chunkedEqualsWhole() {
		int b = 2, heads = 1, nq = 16, nk = 40, d = 8;
		float[] q = random(b * heads * nq * d, 1), k = random(heads * nk * d, 2), v = random(heads * nk * d, 3);
		try (Graph g = new Graph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Nn nn = new Nn(tf, new GraphWeights(tf, Map.of()));
			Operand<TFloat32> qc = constant(tf, q, b, heads, nq, d);
			// keys and values of batch 1 broadcast over a batch of 2 queries, as for a shared memory
			Operand<TFloat32> kc = constant(tf, k, 1, heads, nk, d), vc = constant(tf, v, 1, heads, nk, d);
			Operand<TFloat32> whole = nn.attention(qc, kc, vc, 0), chunked = nn.attention(qc, kc, vc, 4);
			try (var r = s.runner().fetch(whole).fetch(chunked).run()) {
				float[] a = read((TFloat32) r.get(0)), c = read((TFloat32) r.get(1));
				assertArrayEquals(a, c, 1e-6f);
			}
		}
	}

	private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
		return tf.reshape(tf.constant(values), tf.constant(shape));
	}

	private static float[] read(TFloat32 t) {
		float[] out = new float[(int) t.shape().size()];
		t.asRawTensor().data().asFloats().read(out);
		return out;
	}

	private static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
		return a;
	}
}

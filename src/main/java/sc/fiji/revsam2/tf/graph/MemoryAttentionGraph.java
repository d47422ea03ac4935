package sc.fiji.revsam2.tf.graph;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.sam2.PositionEncodings;
import sc.fiji.revsam2.sam2.Sam2Config;

/**
 * SAM2's memory attention: self-attention over the current frame and cross-attention to the
 * memory bank, both with axial rotary position encoding (object-pointer tokens are not
 * rotated). The memory has batch 1 and is shared by a batch of current frames: the keys and
 * values of a memory are projected once however many frames attend to it.
 */
public final class MemoryAttentionGraph {

	private static final String A = "memory_attention.";
	/**
	 * Queries per attention chunk: bounds the attention matrix to chunk x memory tokens. Measured
	 * on Tiny vs 16 memory frames (bin/revsam2 bench): 512 -> 5.6 s, 1.91 GB peak; 1024 -> 4.3 s,
	 * 2.07 GB; 2048 -> 3.9 s, 2.57 GB; unchunked -> 3.4 s, 3.39 GB.
	 */
	private static final int QUERY_CHUNK = 1024;

	private final Nn nn;
	private final Sam2Config cfg;
	private Operand<TFloat32> cosPairs, sinPairs;

	public MemoryAttentionGraph(Nn nn, Sam2Config cfg) {
		this.nn = nn;
		this.cfg = cfg;
	}

	/**
	 * curr [B, HW, C], currPos [1, HW, C]; memory [1, F*HW, Cm] and memoryPos (spatial memories
	 * of F frames); pointers [1, P, Cm] and pointerPos (object-pointer tokens). Returns [B, HW, C].
	 */
	public Operand<TFloat32> build(Operand<TFloat32> curr, Operand<TFloat32> currPos, Operand<TFloat32> memory, Operand<TFloat32> memoryPos,
		Operand<TFloat32> pointers, Operand<TFloat32> pointerPos) {
		Ops tf = nn.tf();
		ropeTables();
		Operand<TFloat32> memKeysIn = nn.add(memory, memoryPos);
		Operand<TFloat32> ptrKeysIn = nn.add(pointers, pointerPos);
		Operand<TFloat32> values = tf.concat(List.of(memory, pointers), tf.constant(1));

		Operand<TFloat32> out = nn.add(curr, nn.scale(currPos, 0.1f));   // pos_enc_at_input
		for (int i = 0; i < cfg.memoryAttentionLayers(); i++) {
			String p = A + "layers." + i + ".";
			Operand<TFloat32> t2 = nn.layerNorm(out, p + "norm1", 1e-5f);
			out = nn.add(out, selfAttention(t2, p + "self_attn"));
			t2 = nn.layerNorm(out, p + "norm2", 1e-5f);
			out = nn.add(out, crossAttention(t2, memKeysIn, ptrKeysIn, values, p + "cross_attn_image"));
			t2 = nn.layerNorm(out, p + "norm3", 1e-5f);
			out = nn.add(out, nn.linear(tf.nn.relu(nn.linear(t2, p + "linear1")), p + "linear2"));
		}
		return nn.layerNorm(out, A + "norm", 1e-5f);
	}

	private Operand<TFloat32> selfAttention(Operand<TFloat32> x, String p) {
		int heads = cfg.memoryAttentionHeads();
		Operand<TFloat32> q = rotatedProjection(x, p + ".q_proj", heads, false);
		Operand<TFloat32> k = rotatedProjection(x, p + ".k_proj", heads, false);
		Operand<TFloat32> v = heads(nn.linear(x, p + ".v_proj"), heads);
		return merge(nn.attention(q, k, v, QUERY_CHUNK), p);
	}

	private Operand<TFloat32> crossAttention(Operand<TFloat32> x, Operand<TFloat32> memKeys, Operand<TFloat32> ptrKeys, Operand<TFloat32> values, String p) {
		Ops tf = nn.tf();
		int heads = cfg.memoryAttentionHeads();
		Operand<TFloat32> q = rotatedProjection(x, p + ".q_proj", heads, false);
		Operand<TFloat32> kMem = rotatedProjection(memKeys, p + ".k_proj", heads, true);   // rope_k_repeat
		Operand<TFloat32> kPtr = heads(nn.linear(ptrKeys, p + ".k_proj"), heads);               // num_k_exclude_rope
		Operand<TFloat32> k = tf.concat(List.of(kMem, kPtr), tf.constant(2));
		if (heads == 1) {
			// softmax(q k^T) (M Wv^T + bv) = (softmax(q k^T) M) Wv^T + bv since attention rows sum
			// to 1: the weighted sum runs over the memory's Cm = C / 4 channels instead of C, and
			// v_proj is applied to the queries' rows instead of every memory token.
			Operand<TFloat32> o = nn.attention(q, k, nn.reshape(values, 1, 1, -1, Nn.dims(values)[2]), QUERY_CHUNK);   // [B, 1, HW, Cm]
			long[] d = Nn.dims(o);
			Operand<TFloat32> mixed = nn.linear(nn.reshape(o, -1, d[2], d[3]), p + ".v_proj");
			return nn.linear(mixed, p + ".out_proj");
		}
		Operand<TFloat32> v = heads(nn.linear(values, p + ".v_proj"), heads);
		return merge(nn.attention(q, k, v, QUERY_CHUNK), p);
	}

	/** [B, heads, N, dh] -> [B, N, C] -> out_proj. */
	private Operand<TFloat32> merge(Operand<TFloat32> o, String p) {
		long[] d = Nn.dims(o);
		int c = (int) (d[1] * d[3]);
		o = nn.transpose(o, 0, 2, 1, 3);
		Ops tf = nn.tf();
		return nn.linear(tf.reshape(o, tf.constant(new int[] { -1, (int) cfg.featureSize() * cfg.featureSize(), c })), p + ".out_proj");
	}

	/** [B, N, heads * dh] -> [B, heads, N, dh] (N may be dynamic when B is 1). */
	private Operand<TFloat32> heads(Operand<TFloat32> x, int heads) {
		long[] d = Nn.dims(x);
		long dh = d[2] / heads;
		Operand<TFloat32> r = d[0] < 0 ? nn.reshape(x, -1, d[1], heads, dh) : nn.reshape(x, d[0], -1, heads, dh);
		return nn.transpose(r, 0, 2, 1, 3);
	}

	private void ropeTables() {
		if (cosPairs != null) return;
		int dh = cfg.hiddenDim() / cfg.memoryAttentionHeads();
		int side = cfg.featureSize();
		float[] angles = PositionEncodings.ropeAngles(dh, side);
		float[] c = new float[angles.length], s = new float[angles.length];
		for (int i = 0; i < angles.length; i++) {
			c[i] = (float) Math.cos(angles[i]);
			s[i] = (float) Math.sin(angles[i]);
		}
		// each value twice, once per element of its channel pair
		float[] c2 = new float[2 * c.length], s2 = new float[2 * s.length];
		for (int i = 0; i < c.length; i++) {
			c2[2 * i] = c2[2 * i + 1] = c[i];
			s2[2 * i] = s2[2 * i + 1] = s[i];
		}
		long[] shape2 = { (long) side * side, dh };
		cosPairs = nn.weights().derived(A + "rope_cos_pairs", shape2, c2);
		sinPairs = nn.weights().derived(A + "rope_sin_pairs", shape2, s2);
	}

	/**
	 * RoPE of a projection x W^T + b, split by heads, as x' cos + x'' sin where x'' is the
	 * projection with its channel pairs (a, b) turned into (-b, a): a second projection whose
	 * weight rows and bias are that signed permutation of W's and b's (exact), so the rotation is
	 * two products and a sum over whole tensors instead of unstacking, rotating and restacking
	 * channel pairs.
	 */
	private Operand<TFloat32> rotatedProjection(Operand<TFloat32> x, String proj, int heads, boolean repeated) {
		Operand<TFloat32> y = heads(nn.linear(x, proj), heads);
		Operand<TFloat32> turned = heads(nn.linear(x, pairTurned(proj + ".weight", true),
			nn.weights().has(proj + ".bias") ? pairTurned(proj + ".bias", false) : null), heads);
		Ops tf = nn.tf();
		long[] d = Nn.dims(y);
		long hw = (long) cfg.featureSize() * cfg.featureSize(), dh = d[3];
		if (repeated) {
			y = nn.reshape(y, 1, d[1], -1, hw, dh);
			turned = nn.reshape(turned, 1, d[1], -1, hw, dh);
		}
		Operand<TFloat32> r = tf.math.add(nn.mul(y, cosPairs), nn.mul(turned, sinPairs));
		return repeated ? nn.reshape(r, 1, d[1], -1, dh) : r;
	}

	/** A linear layer's weight ([out, in], as x @ W: [in, out]) or bias with output channels (2i, 2i+1) replaced by (-(2i+1), 2i). */
	private Operand<TFloat32> pairTurned(String name, boolean weight) {
		sc.fiji.revsam2.checkpoint.NdArray t = nn.weights().tensor(name);
		float[] v = t.data();
		int out = (int) t.shape()[0], in = weight ? (int) t.shape()[1] : 1;
		float[] r = new float[v.length];
		for (int o = 0; o < out; o++) {
			int src = o % 2 == 0 ? o + 1 : o - 1;
			float sign = o % 2 == 0 ? -1f : 1f;
			for (int i = 0; i < in; i++) r[i * out + o] = sign * v[src * in + i];   // transposed to [in, out]
		}
		return nn.weights().derived(name + "#rope_turned", weight ? new long[] { in, out } : new long[] { out }, r);
	}
}

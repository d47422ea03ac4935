package sc.fiji.revsam2.volume;

/**
 * Bilinear resizing of one-channel float planes (row-major, x fastest) that reproduces
 * PyTorch's CPU kernels bit for bit:
 * {@code torch.nn.functional.interpolate(x, size=(dstH, dstW), mode="bilinear",
 * align_corners=False, antialias=...)} on a float32 tensor of shape {@code (1, 1, srcH, srcW)}.
 *
 * <p>SAM2 uses both forms: plain bilinear to bring low-resolution logits back to a frame's size,
 * antialiased bilinear to resize a mask prompt to the model's image size and to shrink a
 * +-10 mask by 4.
 *
 * <p><b>Which PyTorch.</b> The arithmetic is that of PyTorch 2.x (verified against 2.13.0, CPU,
 * official x86-64 build, AVX2 and AVX512 kernels giving the same bits): weights in float32, and
 * the multiply-adds that its compiler fuses into FMA instructions fused here too
 * ({@link Math#fma(float, float, float)}), the others rounded twice. PyTorch's generic build
 * without SIMD and PyTorch 1.x (which computed plain bilinear weights in double) differ from it
 * by a few ulp. PyTorch 2.x picks between two plain-bilinear kernels by output size (see
 * {@link #bilinear}); both are reproduced. One PyTorch bug is not: its antialiased kernel
 * returns row 0's value for every output row when the input is one pixel wide and the height
 * shrinks; here a width-1 input is resized like any other.
 *
 * <p>All methods leave their input unchanged and return a new array; none allocates per pixel.
 * The fused multiply-adds rely on the JVM's FMA intrinsic (every x86-64 CPU since 2013 and every
 * ARM64 CPU has the instruction); without it {@link Math#fma} is exact but slow.
 */
public final class Resize {

	/** Plain bilinear with {@code dstH + dstW} at most this goes through PyTorch's channels-last kernel. */
	static final int CHANNELS_LAST_MAX_OUTPUT_SUM = 128;

	private Resize() {}

	/**
	 * Plain bilinear resize, {@code align_corners=False}, no antialias (up- or downsampling):
	 * half-pixel centres, source coordinate {@code max(0, (dst + 0.5) * src/dst - 0.5)}, second
	 * tap clamped to the last pixel; an axis whose size does not change is copied.
	 *
	 * <p>Like PyTorch 2.x on a one-channel tensor, outputs with {@code dstW + dstH <= 128} are
	 * summed as {@code ((a*w00 + b*w01) + c*w10) + d*w11} with per-pixel weight products (its
	 * channels-last kernel), larger ones as a horizontal then a vertical blend (its generic
	 * kernel). The two differ only by float rounding.
	 *
	 * @param src  source plane, {@code srcW * srcH} values, x fastest
	 * @param srcW source width
	 * @param srcH source height
	 * @param dstW output width
	 * @param dstH output height
	 * @return the resized plane, {@code dstW * dstH} values, x fastest
	 * @throws IllegalArgumentException if a size is not positive or {@code src} has the wrong length
	 */
	public static float[] bilinear(float[] src, int srcW, int srcH, int dstW, int dstH) {
		check(src, srcW, srcH, dstW, dstH);
		LinearAxis ax = LinearAxis.of(srcW, dstW);
		LinearAxis ay = LinearAxis.of(srcH, dstH);
		float[] dst = new float[dstW * dstH];
		boolean channelsLast = dstW + dstH <= CHANNELS_LAST_MAX_OUTPUT_SUM;
		for (int oy = 0; oy < dstH; oy++) {
			int row0 = ay.i0[oy] * srcW;
			int row1 = ay.i1[oy] * srcW;
			float wy0 = ay.w0[oy];
			float wy1 = ay.w1[oy];
			int out = oy * dstW;
			if (channelsLast) {
				for (int ox = 0; ox < dstW; ox++) {
					int x0 = ax.i0[ox], x1 = ax.i1[ox];
					float wx0 = ax.w0[ox], wx1 = ax.w1[ox];
					float w00 = wy0 * wx0, w01 = wy0 * wx1, w10 = wy1 * wx0, w11 = wy1 * wx1;
					float v = Math.fma(src[row0 + x0], w00, src[row0 + x1] * w01);
					v = Math.fma(src[row1 + x0], w10, v);
					dst[out + ox] = Math.fma(src[row1 + x1], w11, v);
				}
			} else {
				for (int ox = 0; ox < dstW; ox++) {
					int x0 = ax.i0[ox], x1 = ax.i1[ox];
					float wx0 = ax.w0[ox], wx1 = ax.w1[ox];
					float t0 = Math.fma(src[row0 + x0], wx0, src[row0 + x1] * wx1);
					float t1 = Math.fma(src[row1 + x0], wx0, src[row1 + x1] * wx1);
					dst[out + ox] = Math.fma(t0, wy0, t1 * wy1);
				}
			}
		}
		return dst;
	}

	/**
	 * Antialiased bilinear resize, {@code align_corners=False, antialias=True} (PyTorch's
	 * {@code _upsample_bilinear2d_aa}, which follows PIL): per axis, a triangle filter centred on
	 * {@code (dst + 0.5) * scale} (scale = src/dst) whose support widens by the scale when
	 * downsampling, taps cut at the image border and weights normalised per output pixel.
	 * Separable: horizontal pass first, then vertical; an axis whose size does not change is
	 * skipped (both unchanged: a copy). When upsampling the weights are the plain bilinear ones
	 * except at the borders (where renormalisation replaces clamping, with the same result), so
	 * the two methods then agree up to float rounding.
	 *
	 * @param src  source plane, {@code srcW * srcH} values, x fastest
	 * @param srcW source width
	 * @param srcH source height
	 * @param dstW output width
	 * @param dstH output height
	 * @return the resized plane, {@code dstW * dstH} values, x fastest
	 * @throws IllegalArgumentException if a size is not positive or {@code src} has the wrong length
	 */
	public static float[] bilinearAntialias(float[] src, int srcW, int srcH, int dstW, int dstH) {
		check(src, srcW, srcH, dstW, dstH);
		float[] cur = src;
		if (dstW != srcW) {
			AaAxis ax = AaAxis.of(srcW, dstW);
			float[] tmp = new float[dstW * srcH];
			for (int y = 0; y < srcH; y++) {
				int in = y * srcW, out = y * dstW;
				for (int ox = 0; ox < dstW; ox++) {
					int n = ax.size[ox];
					int base = in + ax.min[ox];
					int wo = ox * ax.maxTaps;
					int plain = ax.plainSteps[ox];
					float acc = cur[base] * ax.w[wo];
					for (int j = 1; j < n; j++) {
						float t = cur[base + j], wj = ax.w[wo + j];
						acc = j <= plain ? acc + t * wj : Math.fma(t, wj, acc);
					}
					tmp[out + ox] = acc;
				}
			}
			cur = tmp;
		}
		if (dstH != srcH) {
			AaAxis ay = AaAxis.of(srcH, dstH);
			float[] tmp = new float[dstW * dstH];
			for (int oy = 0; oy < dstH; oy++) {
				int n = ay.size[oy];
				int wo = oy * ay.maxTaps;
				int plain = ay.plainSteps[oy];
				int out = oy * dstW;
				int first = ay.min[oy] * dstW;
				float w0 = ay.w[wo];
				for (int x = 0; x < dstW; x++) tmp[out + x] = cur[first + x] * w0;
				for (int j = 1; j < n; j++) {
					int row = (ay.min[oy] + j) * dstW;
					float wj = ay.w[wo + j];
					if (j <= plain) {
						for (int x = 0; x < dstW; x++) tmp[out + x] = tmp[out + x] + cur[row + x] * wj;
					} else {
						for (int x = 0; x < dstW; x++) tmp[out + x] = Math.fma(cur[row + x], wj, tmp[out + x]);
					}
				}
			}
			cur = tmp;
		}
		return cur == src ? src.clone() : cur;
	}

	/**
	 * Resizes a binary mask the way SAM2 turns a mask prompt into model input: the mask as 0/1
	 * floats, {@link #bilinearAntialias antialiased bilinear} resize, then {@code >= 0.5}.
	 *
	 * @param mask the mask to resize
	 * @param dstW output width
	 * @param dstH output height
	 * @return a new mask of {@code dstW x dstH}
	 * @throws IllegalArgumentException if {@code mask} is null or a size is not positive
	 */
	public static Mask2D maskAntialias(Mask2D mask, int dstW, int dstH) {
		if (mask == null) throw new IllegalArgumentException("mask is null");
		boolean[] p = mask.pixels();
		float[] f = new float[p.length];
		for (int i = 0; i < p.length; i++) f[i] = p[i] ? 1f : 0f;
		float[] r = bilinearAntialias(f, mask.width(), mask.height(), dstW, dstH);
		boolean[] out = new boolean[r.length];
		for (int i = 0; i < r.length; i++) out[i] = r[i] >= 0.5f;
		return new Mask2D(dstW, dstH, out);
	}

	private static void check(float[] src, int srcW, int srcH, int dstW, int dstH) {
		if (src == null) throw new IllegalArgumentException("source plane is null");
		if (srcW <= 0 || srcH <= 0) throw new IllegalArgumentException("source size must be positive, got " + srcW + " x " + srcH);
		if (dstW <= 0 || dstH <= 0) throw new IllegalArgumentException("output size must be positive, got " + dstW + " x " + dstH);
		if ((long) srcW * srcH != src.length) {
			throw new IllegalArgumentException("source plane has " + src.length + " values, expected " + srcW + " x " + srcH + " = " + (long) srcW * srcH);
		}
		if ((long) dstW * dstH > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("output size " + dstW + " x " + dstH + " is too large for one array");
	}

	/** Two taps and their weights per output index (PyTorch's {@code compute_source_index_and_lambda}). */
	private static final class LinearAxis {
		final int[] i0, i1;
		final float[] w0, w1;

		private LinearAxis(int n) {
			i0 = new int[n];
			i1 = new int[n];
			w0 = new float[n];
			w1 = new float[n];
		}

		static LinearAxis of(int in, int out) {
			LinearAxis a = new LinearAxis(out);
			if (in == out) {
				for (int o = 0; o < out; o++) {
					a.i0[o] = o;
					a.i1[o] = o;
					a.w0[o] = 1f;
					a.w1[o] = 0f;
				}
				return a;
			}
			float scale = (float) in / (float) out;
			for (int o = 0; o < out; o++) {
				// scale * (o + 0.5f) - 0.5f, which PyTorch's build contracts to one FMA.
				float real = Math.fma(scale, (float) o + 0.5f, -0.5f);
				if (real < 0f) real = 0f;
				int idx = (int) Math.min((long) Math.floor(real), in - 1);
				float lambda = Math.min(Math.max(real - (float) idx, 0f), 1f);
				a.i0[o] = idx;
				a.i1[o] = idx < in - 1 ? idx + 1 : idx;
				a.w1[o] = lambda;
				a.w0[o] = 1f - lambda;
			}
			return a;
		}
	}

	/**
	 * Taps and normalised triangle-filter weights per output index, in float32 with the
	 * float/double promotions of PyTorch's {@code _compute_indices_min_size_weights_aa}.
	 */
	private static final class AaAxis {
		final int maxTaps;
		final int[] min, size;
		/** How many of an output's accumulation steps (taps 1..) round the product before adding. */
		final int[] plainSteps;
		final float[] w;

		private AaAxis(int out, int maxTaps) {
			this.maxTaps = maxTaps;
			min = new int[out];
			size = new int[out];
			plainSteps = new int[out];
			w = new float[out * maxTaps];
		}

		static AaAxis of(int in, int out) {
			float scale = (float) in / (float) out;
			float support = scale >= 1f ? scale : 1f;
			float invScale = scale >= 1f ? (float) (1.0 / scale) : 1f;
			int maxTaps = (int) Math.ceil(support) * 2 + 1;
			AaAxis a = new AaAxis(out, maxTaps);
			for (int o = 0; o < out; o++) {
				float center = (float) (scale * (o + 0.5));
				long lo = Math.max((long) ((double) (center - support) + 0.5), 0L);
				long hi = Math.min((long) ((double) (center + support) + 0.5), (long) in);
				int n = (int) Math.max(0L, Math.min(hi - lo, (long) maxTaps));
				int off = o * maxTaps;
				float total = 0f;
				for (int j = 0; j < n; j++) {
					float d = (float) (j + lo) - center;
					float x = Math.abs((float) (((double) d + 0.5) * invScale));
					float wj = x < 1f ? (float) (1.0 - x) : 0f;
					a.w[off + j] = wj;
					total += wj;
				}
				if (total != 0f) {
					for (int j = 0; j < n; j++) a.w[off + j] /= total;
				}
				a.min[o] = (int) lo;
				a.size[o] = Math.max(n, 1);
				// PyTorch's compiled loop adds taps 1..4k (k = (n-1)/4 blocks of four) as rounded
				// products and fuses the remaining (n-1) mod 4 steps into FMAs.
				a.plainSteps[o] = ((n - 1) / 4) * 4;
			}
			return a;
		}
	}
}

package sc.fiji.revsam2.volume;

/**
 * PyTorch's bilinear {@code F.interpolate(..., mode="bilinear", align_corners=False)} of a float
 * plane (row-major, x fastest), without and with {@code antialias=True}, reproducing PyTorch's
 * float32 arithmetic so that thresholds (e.g. a resized mask's >= 0.5) fall the same way.
 */
public final class Resize {

	private Resize() {}

	/** Plain bilinear, half-pixel centres, source index clamped at 0 (PyTorch's CPU kernel). */
	public static float[] bilinear(float[] src, int srcW, int srcH, int dstW, int dstH) {
		check(src, srcW, srcH, dstW, dstH);
		if (srcW == dstW && srcH == dstH) return src.clone();
		Taps tx = linearTaps(srcW, dstW), ty = linearTaps(srcH, dstH);
		float[] out = new float[dstW * dstH];
		for (int y = 0; y < dstH; y++) {
			int r0 = ty.i0[y] * srcW, r1 = ty.i1[y] * srcW;
			float wy0 = ty.w0[y], wy1 = ty.w1[y];
			for (int x = 0; x < dstW; x++) {
				int c0 = tx.i0[x], c1 = tx.i1[x];
				float wx0 = tx.w0[x], wx1 = tx.w1[x];
				float top = src[r0 + c0] * wx0 + src[r0 + c1] * wx1;
				float bottom = src[r1 + c0] * wx0 + src[r1 + c1] * wx1;
				out[y * dstW + x] = top * wy0 + bottom * wy1;
			}
		}
		return out;
	}

	/**
	 * Bilinear with antialiasing (PyTorch's {@code _upsample_bilinear2d_aa}): a triangle filter
	 * whose support widens with the downscaling factor, weights normalised per output pixel,
	 * applied along x, then along y.
	 */
	public static float[] bilinearAntialias(float[] src, int srcW, int srcH, int dstW, int dstH) {
		check(src, srcW, srcH, dstW, dstH);
		if (srcW == dstW && srcH == dstH) return src.clone();
		float[] tmp = src;
		int w = srcW;
		if (dstW != srcW) {
			AaTaps t = aaTaps(srcW, dstW);
			tmp = new float[dstW * srcH];
			for (int y = 0; y < srcH; y++) {
				int row = y * srcW;
				for (int x = 0; x < dstW; x++) tmp[y * dstW + x] = t.apply(src, row, 1, x);
			}
			w = dstW;
		}
		if (dstH == srcH) return tmp;
		AaTaps t = aaTaps(srcH, dstH);
		float[] out = new float[dstW * dstH];
		for (int y = 0; y < dstH; y++) {
			for (int x = 0; x < w; x++) out[y * w + x] = t.apply(tmp, x, w, y);
		}
		return out;
	}

	private static void check(float[] src, int srcW, int srcH, int dstW, int dstH) {
		if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0) throw new IllegalArgumentException("sizes must be positive: " + srcW + "x" + srcH + " -> " + dstW + "x" + dstH);
		if (src.length != srcW * srcH) throw new IllegalArgumentException("plane has " + src.length + " values, expected " + srcW + "x" + srcH);
	}

	private record Taps(int[] i0, int[] i1, float[] w0, float[] w1) {}

	private static Taps linearTaps(int in, int out) {
		float scale = (float) in / out;
		int[] i0 = new int[out], i1 = new int[out];
		float[] w0 = new float[out], w1 = new float[out];
		for (int o = 0; o < out; o++) {
			float real = scale * (o + 0.5f) - 0.5f;
			if (real < 0) real = 0;
			int a = (int) real;
			i0[o] = a;
			i1[o] = a + (a < in - 1 ? 1 : 0);
			float l1 = Math.min(Math.max(real - a, 0f), 1f);
			w1[o] = l1;
			w0[o] = 1f - l1;
		}
		return new Taps(i0, i1, w0, w1);
	}

	private static final class AaTaps {
		final int[] min, size;
		final float[][] w;

		AaTaps(int[] min, int[] size, float[][] w) {
			this.min = min;
			this.size = size;
			this.w = w;
		}

		/** Output o from the samples src[base + (min + j) * stride]. */
		float apply(float[] src, int base, int stride, int o) {
			float[] wt = w[o];
			int p = base + min[o] * stride;
			float acc = src[p] * wt[0];
			for (int j = 1; j < size[o]; j++) acc += src[p + j * stride] * wt[j];
			return acc;
		}
	}

	private static AaTaps aaTaps(int in, int out) {
		float scale = (float) in / out;
		float support = scale >= 1f ? 1f * scale : 1f;       // interp_size 2 -> half-width 1, widened when downscaling
		float invScale = scale >= 1f ? 1f / scale : 1f;
		int[] min = new int[out], size = new int[out];
		float[][] w = new float[out][];
		for (int o = 0; o < out; o++) {
			float center = (float) (scale * (o + 0.5));
			int xmin = Math.max((int) (center - support + 0.5), 0);
			int xsize = Math.min((int) (center + support + 0.5), in) - xmin;
			float[] wt = new float[Math.max(xsize, 1)];
			float total = 0;
			for (int j = 0; j < xsize; j++) {
				float x = (float) ((j + xmin - center + 0.5) * invScale);
				float v = triangle(x);
				wt[j] = v;
				total += v;
			}
			if (total != 0) for (int j = 0; j < xsize; j++) wt[j] /= total;
			min[o] = xmin;
			size[o] = xsize;
			w[o] = wt;
		}
		return new AaTaps(min, size, w);
	}

	private static float triangle(float x) {
		if (x < 0) x = -x;
		return x < 1 ? 1 - x : 0;
	}
}

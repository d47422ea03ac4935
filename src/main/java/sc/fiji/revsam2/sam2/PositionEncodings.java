package sc.fiji.revsam2.sam2;

import sc.fiji.revsam2.checkpoint.NdArray;

/**
 * SAM2's position encodings, computed in plain Java: they depend only on shapes and on a few
 * weights, so they are computed once (at conversion or load time), never per image. All arrays
 * are channels-last: index (y * w + x) * channels + c.
 */
public final class PositionEncodings {

	private PositionEncodings() {}

	/**
	 * {@code PositionEmbeddingSine(numPosFeats = channels, normalize = true, scale = 2 pi,
	 * temperature = 10000)} of an h x w feature map: y encodings in the first half of the channels,
	 * x encodings in the second, sin and cos interleaved.
	 */
	public static float[] sine2d(int h, int w, int channels) {
		int half = channels / 2;
		double eps = 1e-6, scale = 2 * Math.PI;
		float[] dimT = new float[half];
		for (int i = 0; i < half; i++) dimT[i] = (float) Math.pow(10000, 2.0 * (i / 2) / half);
		float[] out = new float[h * w * channels];
		for (int y = 0; y < h; y++) {
			float ye = (float) ((y + 1) / (h + eps) * scale);
			for (int x = 0; x < w; x++) {
				float xe = (float) ((x + 1) / (w + eps) * scale);
				int base = (y * w + x) * channels;
				for (int i = 0; i < half; i++) {
					float py = ye / dimT[i], px = xe / dimT[i];
					out[base + i] = (float) ((i % 2 == 0) ? Math.sin(py) : Math.cos(py));
					out[base + half + i] = (float) ((i % 2 == 0) ? Math.sin(px) : Math.cos(px));
				}
			}
		}
		return out;
	}

	/** SAM2's {@code get_1d_sine_pe}: [sin(p / t_i) for i] ++ [cos(p / t_i) for i], dim values per position. */
	public static float[] sine1d(float[] positions, int dim) {
		int half = dim / 2;
		float[] dimT = new float[half];
		for (int i = 0; i < half; i++) dimT[i] = (float) Math.pow(10000, 2.0 * (i / 2) / half);
		float[] out = new float[positions.length * dim];
		for (int p = 0; p < positions.length; p++) {
			for (int i = 0; i < half; i++) {
				float a = positions[p] / dimT[i];
				out[p * dim + i] = (float) Math.sin(a);
				out[p * dim + half + i] = (float) Math.cos(a);
			}
		}
		return out;
	}

	/**
	 * Hiera's position embedding for an h x w token grid: the background embedding
	 * [1, C, bh, bw] resized bicubically (PyTorch, A = -0.75, half-pixel, clamped taps) plus the
	 * window embedding [1, C, ws, ws] tiled. Returned channels-last [h, w, C].
	 */
	public static float[] hieraPosEmbed(NdArray background, NdArray window, int h, int w) {
		int c = (int) background.dim(1), bh = (int) background.dim(2), bw = (int) background.dim(3);
		int ws = (int) window.dim(2);
		if (h % ws != 0 || w % ws != 0) throw new IllegalArgumentException("token grid " + h + "x" + w + " is not a multiple of the window " + ws);
		float[] bg = background.data(), win = window.data();
		float[] out = new float[h * w * c];
		double sy = (double) bh / h, sx = (double) bw / w;
		int[][] ry = new int[h][4], rx = new int[w][4];
		double[][] wy = new double[h][], wx = new double[w][];
		for (int y = 0; y < h; y++) wy[y] = cubicTaps(sy, y, bh, ry[y]);
		for (int x = 0; x < w; x++) wx[x] = cubicTaps(sx, x, bw, rx[x]);
		for (int ch = 0; ch < c; ch++) {
			int plane = ch * bh * bw;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double v = 0;
					for (int j = 0; j < 4; j++) {
						double row = 0;
						int r = plane + ry[y][j] * bw;
						for (int i = 0; i < 4; i++) row += wx[x][i] * bg[r + rx[x][i]];
						v += wy[y][j] * row;
					}
					float tile = win[ch * ws * ws + (y % ws) * ws + (x % ws)];
					out[(y * w + x) * c + ch] = (float) v + tile;
				}
			}
		}
		return out;
	}

	/** Taps and weights of PyTorch's bicubic (align_corners = False) for output index o. */
	private static double[] cubicTaps(double scale, int o, int inSize, int[] taps) {
		double real = scale * (o + 0.5) - 0.5;
		int i0 = (int) Math.floor(real);
		double t = real - i0;
		for (int k = 0; k < 4; k++) taps[k] = Math.min(Math.max(i0 - 1 + k, 0), inSize - 1);
		double a = -0.75;
		return new double[] { cubic2(t + 1, a), cubic1(t, a), cubic1(1 - t, a), cubic2(2 - t, a) };
	}

	private static double cubic1(double x, double a) { return ((a + 2) * x - (a + 3)) * x * x + 1; }

	private static double cubic2(double x, double a) { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a; }

	/**
	 * SAM's {@code PositionEmbeddingRandom} over an h x w grid (the prompt encoder's dense PE):
	 * pixel centres normalised to [-1, 1], projected by the Gaussian matrix [2, C/2], then
	 * [sin, cos] of 2 pi times that. Channels-last [h, w, C].
	 */
	public static float[] randomFourier(NdArray gaussian, int h, int w) {
		int half = (int) gaussian.dim(1);
		float[] g = gaussian.data();
		float[] out = new float[h * w * 2 * half];
		for (int y = 0; y < h; y++) {
			float cy = 2 * ((y + 0.5f) / h) - 1;
			for (int x = 0; x < w; x++) {
				float cx = 2 * ((x + 0.5f) / w) - 1;
				int base = (y * w + x) * 2 * half;
				for (int i = 0; i < half; i++) {
					float p = (float) (2 * Math.PI * (cx * g[i] + cy * g[half + i]));
					out[base + i] = (float) Math.sin(p);
					out[base + half + i] = (float) Math.cos(p);
				}
			}
		}
		return out;
	}

	/**
	 * Angles of SAM2's axial rotary encoding for a side x side token grid and head width dim:
	 * [tokens, dim / 2], the first dim / 4 pairs rotated by x, the rest by y.
	 */
	public static float[] ropeAngles(int dim, int side) {
		int quarter = dim / 4;
		float[] freqs = new float[quarter];
		for (int i = 0; i < quarter; i++) freqs[i] = (float) (1.0 / Math.pow(10000.0, (4.0 * i) / dim));
		int n = side * side;
		float[] out = new float[n * 2 * quarter];
		for (int t = 0; t < n; t++) {
			float tx = t % side, ty = t / side;
			for (int i = 0; i < quarter; i++) {
				out[t * 2 * quarter + i] = tx * freqs[i];
				out[t * 2 * quarter + quarter + i] = ty * freqs[i];
			}
		}
		return out;
	}
}

package sc.fiji.revsam2.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Resize} against PyTorch: the expected arrays in {@code src/test/resources/volume/} were
 * written by {@code make_resize_reference.py} there (torch 2.13.0 CPU, F.interpolate bilinear,
 * align_corners=False); the inputs are regenerated here bit for bit from the same formulas.
 */
class ResizeTest {

	/** name, antialias, generator, srcW, srcH, dstW, dstH: the CASES of make_resize_reference.py. */
	static Stream<Arguments> torchCases() {
		return Stream.of(
				Arguments.of("plain_rand_48x40_256x256", false, "rand1", 48, 40, 256, 256),
				Arguments.of("plain_rand_64x64_48x40", false, "rand2", 64, 64, 48, 40),
				Arguments.of("plain_rand_7x5_13x11", false, "rand3", 7, 5, 13, 11),
				Arguments.of("plain_rand_64x64_256x256", false, "rand4", 64, 64, 256, 256),
				Arguments.of("plain_rand_64x64_100x30", false, "rand5", 64, 64, 100, 30),
				Arguments.of("plain_rand_256x256_40x48", false, "rand6", 256, 256, 40, 48),
				Arguments.of("plain_rand_40x48_100x48", false, "rand7", 40, 48, 100, 48),
				Arguments.of("plain_rand_5x7_5x7", false, "rand8", 5, 7, 5, 7),
				Arguments.of("plain_rand_30x20_64x64", false, "rand9", 30, 20, 64, 64),
				Arguments.of("plain_rand_30x20_65x64", false, "rand9", 30, 20, 65, 64),
				Arguments.of("aa_rand_256x256_64x64", true, "rand10", 256, 256, 64, 64),
				Arguments.of("aa_rand_1024x1024_256x256", true, "rand11", 1024, 1024, 256, 256),
				Arguments.of("aa_mask01_48x40_256x256", true, "mask01", 48, 40, 256, 256),
				Arguments.of("aa_mask10_256x256_64x64", true, "mask10", 256, 256, 64, 64),
				Arguments.of("aa_rand_7x5_13x11", true, "rand12", 7, 5, 13, 11),
				Arguments.of("aa_rand_13x11_7x5", true, "rand13", 13, 11, 7, 5),
				Arguments.of("aa_rand_47x33_13x10", true, "rand14", 47, 33, 13, 10),
				Arguments.of("aa_rand_300x3_9x200", true, "rand15", 300, 3, 9, 200),
				Arguments.of("aa_rand_5x7_5x7", true, "rand16", 5, 7, 5, 7),
				Arguments.of("aa_rand_40x48_100x48", true, "rand17", 40, 48, 100, 48));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("torchCases")
	void matchesPyTorchBitForBit(String name, boolean aa, String gen, int sw, int sh, int dw, int dh) throws IOException {
		NpyFloats ref = NpyFloats.resource("/volume/" + name + ".npy");
		assertArrayEquals(new int[] { dh, dw }, ref.shape, name + " reference shape");
		float[] src = make(gen, sw, sh);
		float[] before = src.clone();
		float[] out = aa ? Resize.bilinearAntialias(src, sw, sh, dw, dh) : Resize.bilinear(src, sw, sh, dw, dh);
		assertArrayEquals(before, src, "input must not change");
		assertEquals(ref.data.length, out.length);
		int differing = 0;
		double maxErr = 0;
		for (int i = 0; i < out.length; i++) {
			if (Float.floatToIntBits(out[i]) != Float.floatToIntBits(ref.data[i])) differing++;
			maxErr = Math.max(maxErr, Math.abs(out[i] - ref.data[i]));
		}
		assertEquals(0, differing, name + ": " + differing + " of " + out.length + " values differ from PyTorch, max abs error " + maxErr);
	}

	@Test
	void upsamplingWithAntialiasIsPlainBilinearUpToRounding() {
		float[] src = make("rand21", 40, 48);
		float[] a = Resize.bilinear(src, 40, 48, 256, 256);
		float[] b = Resize.bilinearAntialias(src, 40, 48, 256, 256);
		for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5, "pixel " + i);
	}

	@Test
	void integerDownsamplingAveragesPairsOrNeighbours() {
		// 4 -> 2 plain bilinear: source coordinate (o + 0.5) * 2 - 0.5 = 0.5, 2.5: the mean of pixel pairs
		float[] row = { 0, 2, 10, 20 };
		assertArrayEquals(new float[] { 1, 15 }, Resize.bilinear(row, 4, 1, 2, 1));
		// antialiased 4 -> 2: triangle of half-width 2 (output pixel) centred at 1 and 3; pixel
		// centres 0.5, 1.5, 2.5, 3.5 give weights (3/4, 3/4, 1/4, 0) and (0, 1/4, 3/4, 3/4), each
		// normalised by its sum 7/4
		float[] aa = Resize.bilinearAntialias(row, 4, 1, 2, 1);
		assertEquals((0 * 0.75 + 2 * 0.75 + 10 * 0.25) / 1.75, aa[0], 1e-5);
		assertEquals((2 * 0.25 + 10 * 0.75 + 20 * 0.75) / 1.75, aa[1], 1e-5);
	}

	@Test
	void constantPlaneStaysConstant() {
		float[] src = new float[17 * 9];
		java.util.Arrays.fill(src, 3.25f);
		for (float v : Resize.bilinear(src, 17, 9, 50, 4)) assertEquals(3.25f, v, 1e-6);
		for (float v : Resize.bilinearAntialias(src, 17, 9, 5, 31)) assertEquals(3.25f, v, 1e-6);
	}

	@Test
	void sameSizeIsACopy() {
		float[] src = make("rand22", 6, 4);
		float[] a = Resize.bilinear(src, 6, 4, 6, 4);
		float[] b = Resize.bilinearAntialias(src, 6, 4, 6, 4);
		assertArrayEquals(src, a);
		assertArrayEquals(src, b);
		assertTrue(a != src && b != src, "must return new arrays");
	}

	@Test
	void maskPromptResizeThresholdsAtHalf() throws IOException {
		float[] m01 = make("mask01", 48, 40);
		boolean[] p = new boolean[m01.length];
		for (int i = 0; i < p.length; i++) p[i] = m01[i] > 0;
		Mask2D big = Resize.maskAntialias(new Mask2D(48, 40, p), 256, 256);
		float[] ref = NpyFloats.resource("/volume/aa_mask01_48x40_256x256.npy").data;
		assertEquals(256, big.width());
		assertEquals(256, big.height());
		for (int i = 0; i < ref.length; i++) assertEquals(ref[i] >= 0.5f, big.pixels()[i], "pixel " + i);
	}

	@Test
	void rejectsBadArguments() {
		float[] src = new float[12];
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 5, 2, 4, 4));
		assertTrue(e.getMessage().contains("12") && e.getMessage().contains("5 x 2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 4, 3, 0, 4));
		assertThrows(IllegalArgumentException.class, () -> Resize.bilinearAntialias(src, 4, 3, 4, -1));
		assertThrows(IllegalArgumentException.class, () -> Resize.bilinearAntialias(null, 4, 3, 4, 4));
		assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 0, 3, 4, 4));
	}

	/** The generators of make_resize_reference.py. */
	static float[] make(String gen, int w, int h) {
		if (gen.startsWith("rand")) return rand(w, h, Integer.parseInt(gen.substring(4)));
		if (gen.equals("mask01")) return disk(w, h, 0f, 1f);
		if (gen.equals("mask10")) return disk(w, h, -10f, 10f);
		throw new IllegalArgumentException(gen);
	}

	/** LCG values k / 2^20 - 8 with 24-bit k: exact in float32. */
	static float[] rand(int w, int h, long seed) {
		float[] out = new float[w * h];
		long s = seed;
		for (int i = 0; i < out.length; i++) {
			s = (1103515245L * s + 12345L) % (1L << 31);
			out[i] = (float) ((s >> 7) & 0xFFFFFF) / (float) (1 << 20) - 8f;
		}
		return out;
	}

	static float[] disk(int w, int h, float lo, float hi) {
		int cx = (w * 2) / 5, cy = h / 2, r = Math.min(w, h) / 3;
		int barY0 = h / 4, barY1 = h / 4 + Math.max(1, h / 8), barX0 = (w * 3) / 4;
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r || (x >= barX0 && y >= barY0 && y < barY1);
				out[y * w + x] = in ? hi : lo;
			}
		}
		return out;
	}
}

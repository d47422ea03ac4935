package sc.fiji.revsam2.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntensityNormalizerTest {

	@Test
	void minMaxOverTheWholeVolumeNotPerSlice() {
		Volume v = new Volume(3, 1, new float[][] { { 0, 5, 10 }, { 20, 15, 10 } }, null);
		float[][] n = IntensityNormalizer.normalize(v, IntensityWindow.MIN_MAX);
		assertArrayEquals(new float[] { 0f, 0.25f, 0.5f }, n[0]);
		assertArrayEquals(new float[] { 1f, 0.75f, 0.5f }, n[1]);
		// the input is untouched
		assertArrayEquals(new float[] { 0, 5, 10 }, v.slice(0));
	}

	@Test
	void windowClipsToUnitRange() {
		Volume v = new Volume(5, 1, new float[][] { { -1000, -160, 40, 240, 3000 } }, null);
		float[][] n = IntensityNormalizer.normalize(v, IntensityWindow.parse("abdomen"));
		assertArrayEquals(new float[] { 0f, 0f, 0.5f, 1f, 1f }, n[0]);
	}

	@Test
	void arithmeticIsFloat32LikeNumPy() {
		// NumPy float32: (0.1006003f - 0.1f) / (0.7f - 0.1f) = 0.0010005013f; the same in double
		// precision, rounded once at the end, gives 0.0010005012f
		IntensityNormalizer n = new IntensityNormalizer(0.1f, 0.7f);
		float v = 0.1006003f;
		assertEquals(0.0010005013f, n.apply(new float[] { v })[0]);
		assertEquals((v - 0.1f) / (0.7f - 0.1f), n.apply(new float[] { v })[0]);
	}

	@Test
	void emptyWindowGivesZeros() {
		Volume flat = new Volume(2, 1, new float[][] { { 4, 4 }, { 4, 4 } }, null);
		for (float[] s : IntensityNormalizer.normalize(flat, IntensityWindow.MIN_MAX)) assertArrayEquals(new float[] { 0, 0 }, s);
		assertArrayEquals(new float[] { 0, 0, 0 }, new IntensityNormalizer(5, 1).apply(new float[] { 0, 3, 9 }));
	}

	@Test
	void nanVoxelsBecomeZero() {
		assertArrayEquals(new float[] { 0f, 0.5f }, new IntensityNormalizer(0, 2).apply(new float[] { Float.NaN, 1 }));
	}

	@Test
	void sliceAndInPlace() {
		Volume v = new Volume(2, 1, new float[][] { { 0, 1 }, { 2, 4 } }, null);
		IntensityNormalizer n = IntensityNormalizer.of(v, IntensityWindow.MIN_MAX);
		assertEquals(0f, n.lo());
		assertEquals(4f, n.hi());
		assertArrayEquals(new float[] { 0.5f, 1f }, n.slice(v, 1));
		float[] buf = { 2, 3 };
		n.apply(buf, buf);
		assertArrayEquals(new float[] { 0.5f, 0.75f }, buf);
	}

	@Test
	void rejectsBadArguments() {
		Volume v = Volume.zeros(2, 2, 2, null);
		IntensityNormalizer n = new IntensityNormalizer(0, 1);
		assertThrows(IllegalArgumentException.class, () -> n.slice(v, 2));
		assertThrows(IllegalArgumentException.class, () -> n.apply(new float[3], new float[2]));
		assertThrows(IllegalArgumentException.class, () -> new IntensityNormalizer(Double.NaN, 1));
		assertThrows(IllegalArgumentException.class, () -> IntensityNormalizer.normalize(v, null));
		assertThrows(IllegalArgumentException.class, () -> IntensityNormalizer.normalize(null, IntensityWindow.MIN_MAX));
	}

	/** MedSAM2's medsam2_infer_3D_CT.py, written out in float64: clip, stretch the clipped min..max to 0..255, uint8 (truncation), / 255. */
	private static double medsam2(double v, double lo, double hi, double clippedMin, double clippedMax) {
		double c = Math.min(Math.max(v, lo), hi);
		return Math.floor((c - clippedMin) / (clippedMax - clippedMin) * 255.0) / 255.0;
	}

	@Test
	void eightBitIsMedSam2Arithmetic() {
		// a CT-like volume spanning the abdomen window: the clipped extremes are the window's
		float[] s = new float[2001];
		for (int i = 0; i < s.length; i++) s[i] = i - 1000;
		Volume v = new Volume(s.length, 1, new float[][] { s }, Spacing.UNIT);
		IntensityNormalizer n = IntensityNormalizer.eightBit(v, IntensityWindow.CT_ABDOMEN);
		assertEquals(255, n.levels());
		float[] out = n.apply(s);
		double lo = IntensityWindow.CT_ABDOMEN.lo(), hi = IntensityWindow.CT_ABDOMEN.hi();
		int differ = 0;
		for (int i = 0; i < s.length; i++) {
			assertEquals((float) medsam2(s[i], lo, hi, lo, hi), out[i], 0f, "HU " + s[i]);
			// against the continuous path: below by less than one step, 0..1/255
			float cont = new IntensityNormalizer(lo, hi).apply(new float[] { s[i] })[0];
			assertTrue(cont - out[i] >= -1e-6f && cont - out[i] < 1 / 255f + 1e-6f, "HU " + s[i]);
			if (cont != out[i]) differ++;
		}
		assertTrue(differ > 300, "quantisation changes most values inside the window");

		// a volume narrower than the window: MedSAM2 stretches the clipped volume's own extremes
		float[] narrow = { 0, 25, 50, 100 };
		Volume w = new Volume(4, 1, new float[][] { narrow }, Spacing.UNIT);
		float[] got = IntensityNormalizer.eightBit(w, IntensityWindow.CT_ABDOMEN).apply(narrow);
		for (int i = 0; i < 4; i++) assertEquals((float) medsam2(narrow[i], lo, hi, 0, 100), got[i], 0f);
	}
}

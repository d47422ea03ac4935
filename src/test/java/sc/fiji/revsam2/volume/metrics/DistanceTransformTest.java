package sc.fiji.revsam2.volume.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DistanceTransformTest {

	@Test
	void oneDimensionalWithSpacing() {
		boolean[] f = { false, false, true, false, false, false, true };
		double[] d = DistanceTransform.squared(f, 7, 1, 1, 0.5, 1, 1);
		// distances in voxels 2,1,0,1,2,1,0 times 0.5, squared
		assertArrayEquals(new double[] { 1, 0.25, 0, 0.25, 1, 0.25, 0 }, d, 1e-15);
	}

	@Test
	void noFeatureGivesInfinity() {
		for (double v : DistanceTransform.squared(new boolean[12], 3, 2, 2, 1, 1, 1)) assertEquals(Double.POSITIVE_INFINITY, v);
	}

	@Test
	void matchesBruteForceWithAnisotropicSpacing() {
		Random r = new Random(42);
		int[][] sizes = { { 7, 5, 4 }, { 1, 9, 6 }, { 11, 1, 1 }, { 6, 6, 6 } };
		double[][] spacings = { { 0.7, 1.3, 2.1 }, { 1, 1, 1 }, { 3.0, 0.4, 0.25 } };
		for (int[] n : sizes) {
			for (double[] s : spacings) {
				for (double density : new double[] { 0.02, 0.2, 0.7 }) {
					boolean[] f = new boolean[n[0] * n[1] * n[2]];
					for (int i = 0; i < f.length; i++) f[i] = r.nextDouble() < density;
					f[r.nextInt(f.length)] = true;
					double[] d = DistanceTransform.squared(f, n[0], n[1], n[2], s[0], s[1], s[2]);
					for (int i = 0; i < f.length; i++) {
						double want = brute(f, n, s, i);
						assertEquals(want, d[i], 1e-9 * (1 + want), "voxel " + i);
					}
				}
			}
		}
	}

	private static double brute(boolean[] f, int[] n, double[] s, int i) {
		int x = i % n[0], y = (i / n[0]) % n[1], z = i / (n[0] * n[1]);
		double best = Double.POSITIVE_INFINITY;
		for (int j = 0; j < f.length; j++) {
			if (!f[j]) continue;
			double dx = (j % n[0] - x) * s[0], dy = ((j / n[0]) % n[1] - y) * s[1], dz = (j / (n[0] * n[1]) - z) * s[2];
			best = Math.min(best, dx * dx + dy * dy + dz * dz);
		}
		return best;
	}

	@Test
	void rejectsBadArguments() {
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.squared(new boolean[5], 2, 2, 1, 1, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.squared(new boolean[4], 2, 2, 1, 0, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.squared(new boolean[4], 2, 2, 0, 1, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.squared(null, 2, 2, 1, 1, 1, 1));
	}
}

package sc.fiji.revsam2.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MethodComparisonTest {

	@Test
	void spearmanWithTies() {
		assertArrayEquals(new double[] { 1, 2.5, 2.5, 4 }, MethodComparison.ranks(new double[] { 0.1, 0.5, 0.5, 0.9 }), 1e-12);
		assertEquals(1, MethodComparison.spearman(new double[] { 1, 2, 3, 4 }, new double[] { 10, 20, 25, 90 }), 1e-12, "monotone");
		assertEquals(-1, MethodComparison.spearman(new double[] { 1, 2, 3, 4 }, new double[] { 4, 3, 2, 1 }), 1e-12);
		// 1 - 6 * (1 + 1 + 1 + 1) / (5 * 24)
		assertEquals(0.8, MethodComparison.spearman(new double[] { 1, 2, 3, 4, 5 }, new double[] { 2, 1, 4, 3, 5 }), 1e-12);
		assertTrue(Double.isNaN(MethodComparison.spearman(new double[] { 0.89, 0.89, 0.89 }, new double[] { 0.1, 0.5, 0.9 })), "all scores equal");
	}

	@Test
	void spreadIsMeanSdMinMax() {
		assertEquals("2.000 ± 1.000 (1.000-3.000)", MethodComparison.spread(new double[] { 1, 2, 3 }));
		assertEquals("0.500 ± 0.000 (0.500-0.500)", MethodComparison.spread(new double[] { 0.5 }));
	}
}

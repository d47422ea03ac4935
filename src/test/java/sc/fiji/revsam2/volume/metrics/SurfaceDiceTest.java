package sc.fiji.revsam2.volume.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;

class SurfaceDiceTest {

	static final Spacing ISO = new Spacing(1, 1, 1, "mm");

	/** A volume with label {@code label} on the box [x0,x1] x [y0,y1] x [z0,z1] (inclusive). */
	static LabelVolume box(int n, Spacing s, int label, int x0, int x1, int y0, int y1, int z0, int z1) {
		LabelVolume v = LabelVolume.zeros(n, n, n, s);
		paint(v, label, x0, x1, y0, y1, z0, z1);
		return v;
	}

	static void paint(LabelVolume v, int label, int x0, int x1, int y0, int y1, int z0, int z1) {
		for (int z = z0; z <= z1; z++) for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) v.set(x, y, z, label);
	}

	@Test
	void identicalMasksScoreOne() {
		LabelVolume a = box(8, ISO, 1, 2, 5, 1, 4, 3, 6);
		LabelVolume b = box(8, ISO, 1, 2, 5, 1, 4, 3, 6);
		assertEquals(1.0, SurfaceDice.of(a, b, 1, 0.0));
		assertEquals(1.0, SurfaceDice.of(a, b, 1, 2.0));
	}

	@Test
	void disjointMasksFarApartScoreZero() {
		LabelVolume a = box(10, ISO, 1, 0, 1, 0, 1, 0, 1);
		LabelVolume b = box(10, ISO, 1, 7, 9, 7, 9, 7, 9);
		assertEquals(0.0, SurfaceDice.of(a, b, 1, 3.0));
	}

	@Test
	void oneVoxelShiftBelowAndAboveTolerance() {
		// 3x3x3 cubes, truth at x 2..4, prediction at x 3..5. Each surface has 26 voxels (all
		// but the centre). 16 voxels lie on both surfaces (the 18 of the overlap x 3..4 minus the
		// two centres (3,3,3) and (4,3,3)); every other surface voxel is exactly 1 voxel from
		// the other surface.
		LabelVolume truth = box(8, ISO, 1, 2, 4, 2, 4, 2, 4);
		LabelVolume pred = box(8, ISO, 1, 3, 5, 2, 4, 2, 4);
		assertEquals(32.0 / 52.0, SurfaceDice.of(pred, truth, 1, 0.5), 1e-15);
		assertEquals(32.0 / 52.0, SurfaceDice.of(pred, truth, 1, 0.99), 1e-15);
		assertEquals(1.0, SurfaceDice.of(pred, truth, 1, 1.0), "d = tau counts as within");
		assertEquals(1.0, SurfaceDice.of(pred, truth, 1, 1.5));
		// symmetric
		assertEquals(32.0 / 52.0, SurfaceDice.of(truth, pred, 1, 0.5), 1e-15);
	}

	@Test
	void anisotropicSpacingZShiftWithinToleranceXShiftNot() {
		Spacing s = new Spacing(1.0, 1.0, 0.5, "mm");
		LabelVolume truth = box(8, s, 1, 2, 4, 2, 4, 2, 4);
		// shifted by one voxel along z: 0.5 mm, within 0.75 mm
		LabelVolume zShift = box(8, s, 1, 2, 4, 2, 4, 3, 5);
		assertEquals(1.0, SurfaceDice.of(zShift, truth, 1, 0.75));
		// shifted by one voxel along x: 1 mm. Of each surface, the 16 shared voxels and the
		// other cube's centre (0.5 mm from the shared surface along z) are within 0.75 mm, the
		// 9 voxels of the outer x face (1 mm) are not: (17 + 17) / 52
		LabelVolume xShift = box(8, s, 1, 3, 5, 2, 4, 2, 4);
		assertEquals(34.0 / 52.0, SurfaceDice.of(xShift, truth, 1, 0.75), 1e-15);
		// with the prediction's unit spacing instead, the z shift is 1 mm too
		assertEquals(32.0 / 52.0, SurfaceDice.of(zShift, truth, 1, 0.75, ISO), 1e-15);
	}

	@Test
	void emptyConventions() {
		LabelVolume empty = LabelVolume.zeros(6, 6, 6, ISO);
		LabelVolume cube = box(6, ISO, 1, 1, 3, 1, 3, 1, 3);
		assertEquals(0.0, SurfaceDice.of(empty, cube, 1, 10), "empty prediction");
		assertEquals(0.0, SurfaceDice.of(cube, empty, 1, 10), "empty truth");
		assertEquals(1.0, SurfaceDice.of(empty, LabelVolume.zeros(6, 6, 6, ISO), 1, 0), "both empty");
		assertEquals(1.0, SurfaceDice.of(cube, cube, 2, 0), "class in neither");
	}

	@Test
	void volumeBorderCountsAsBackground() {
		// a mask filling the whole 3x3x3 volume: every voxel but the centre is surface
		LabelVolume full = LabelVolume.zeros(3, 3, 3, ISO);
		paint(full, 1, 0, 2, 0, 2, 0, 2);
		LabelVolume corner = LabelVolume.zeros(3, 3, 3, ISO);
		paint(corner, 1, 0, 0, 0, 0, 0, 0);
		// corner voxel is on both surfaces; at tau 0 only it counts: (1 + 1) / (1 + 26)
		assertEquals(2.0 / 27.0, SurfaceDice.of(corner, full, 1, 0), 1e-15);
		boolean[] s = SurfaceDice.surface(new boolean[] { true, true, true, true, true, true, true, true }, 2, 2, 2);
		for (boolean b : s) assertTrue(b);
	}

	@Test
	void matchesBruteForceOnRandomShapes() {
		Random r = new Random(7);
		Spacing[] spacings = { ISO, new Spacing(0.8, 1.25, 2.5, "mm"), new Spacing(2, 0.5, 1, "mm") };
		for (int trial = 0; trial < 30; trial++) {
			int w = 3 + r.nextInt(6), h = 3 + r.nextInt(6), d = 1 + r.nextInt(6);
			Spacing sp = spacings[trial % spacings.length];
			LabelVolume a = LabelVolume.zeros(w, h, d, sp), b = LabelVolume.zeros(w, h, d, sp);
			double pa = r.nextDouble(), pb = r.nextDouble();
			for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				if (r.nextDouble() < pa) a.set(x, y, z, 3);
				if (r.nextDouble() < pb) b.set(x, y, z, 3);
			}
			for (double tau : new double[] { 0, 0.9, 1.3, 2.6 }) {
				assertEquals(brute(a, b, 3, tau, sp), SurfaceDice.of(a, b, 3, tau), 1e-12, "trial " + trial + " tau " + tau);
			}
		}
	}

	/** Straight from the definition: full-volume surfaces, all-pairs distances. */
	private static double brute(LabelVolume a, LabelVolume b, int label, double tau, Spacing s) {
		int[][] sa = surfaceVoxels(a, label), sb = surfaceVoxels(b, label);
		if (sa.length == 0 && sb.length == 0) {
			boolean anyA = a.slicesWith(label).length > 0, anyB = b.slicesWith(label).length > 0;
			if (!anyA && !anyB) return 1;
		}
		if (sa.length == 0 || sb.length == 0) return 0;
		int within = 0;
		for (int[] p : sa) if (nearest(p, sb, s) <= tau * tau * (1 + 1e-9)) within++;
		for (int[] p : sb) if (nearest(p, sa, s) <= tau * tau * (1 + 1e-9)) within++;
		return (double) within / (sa.length + sb.length);
	}

	private static double nearest(int[] p, int[][] set, Spacing s) {
		double best = Double.POSITIVE_INFINITY;
		for (int[] q : set) {
			double dx = (p[0] - q[0]) * s.x(), dy = (p[1] - q[1]) * s.y(), dz = (p[2] - q[2]) * s.z();
			best = Math.min(best, dx * dx + dy * dy + dz * dz);
		}
		return best;
	}

	private static int[][] surfaceVoxels(LabelVolume v, int label) {
		java.util.List<int[]> out = new java.util.ArrayList<>();
		int[][] nb = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
		for (int z = 0; z < v.depth(); z++) for (int y = 0; y < v.height(); y++) for (int x = 0; x < v.width(); x++) {
			if (v.get(x, y, z) != label) continue;
			for (int[] n : nb) {
				int xx = x + n[0], yy = y + n[1], zz = z + n[2];
				boolean outside = xx < 0 || yy < 0 || zz < 0 || xx >= v.width() || yy >= v.height() || zz >= v.depth();
				if (outside || v.get(xx, yy, zz) != label) {
					out.add(new int[] { x, y, z });
					break;
				}
			}
		}
		return out.toArray(new int[0][]);
	}

	@Test
	void rejectsBadArguments() {
		LabelVolume a = LabelVolume.zeros(4, 4, 4, ISO);
		LabelVolume b = LabelVolume.zeros(4, 5, 4, ISO);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurfaceDice.of(a, b, 1, 1));
		assertTrue(e.getMessage().contains("4 x 4 x 4") && e.getMessage().contains("4 x 5 x 4"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SurfaceDice.of(a, a, 1, -1));
		assertThrows(IllegalArgumentException.class, () -> SurfaceDice.of(a, a, 1, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> SurfaceDice.of(a, a, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> SurfaceDice.of(a, a, 1, 1, null));
	}
}

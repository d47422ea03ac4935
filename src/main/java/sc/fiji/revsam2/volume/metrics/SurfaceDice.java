package sc.fiji.revsam2.volume.metrics;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;

/**
 * Normalised Surface Dice (NSD) of one class at a distance tolerance {@code tau}, on voxel
 * surfaces with anisotropic spacing.
 *
 * <p>Definitions:
 * <ul>
 * <li>The surface of a mask is its foreground voxels with at least one 6-connected neighbour
 * (x, y or z +-1) in the background or outside the volume.</li>
 * <li>{@code d(a, dB)} is the Euclidean distance, in spacing units (usually mm), from the centre
 * of voxel {@code a} to the nearest voxel centre of the surface {@code dB}, computed exactly
 * with {@link DistanceTransform}.</li>
 * <li>{@code NSD = (|{a in dA : d(a, dB) <= tau}| + |{b in dB : d(b, dA) <= tau}|) / (|dA| + |dB|)}.</li>
 * <li>A distance within a relative {@code 1e-9} of {@code tau} counts as within it, so that float
 * rounding does not decide the case {@code d = tau}.</li>
 * <li>Both masks empty: 1. Exactly one empty: 0.</li>
 * </ul>
 * The work is done on the bounding box of the two masks, so memory follows the size of the
 * structure, not of the volume.
 */
public final class SurfaceDice {

	/** Relative slack on {@code tau^2} that absorbs rounding in squared distances. */
	static final double RELATIVE_SLACK = 1e-9;

	private SurfaceDice() {}

	/**
	 * NSD of class {@code label} with the ground truth's voxel spacing.
	 *
	 * @param prediction predicted labels
	 * @param truth      ground-truth labels, same size
	 * @param label      the class, 1..65535
	 * @param tolerance  {@code tau}, in the spacing's unit (usually mm), {@code >= 0}
	 * @throws IllegalArgumentException if a volume is null, the sizes differ (both are named), the
	 *                                  label is out of range or the tolerance is negative or not finite
	 */
	public static double of(LabelVolume prediction, LabelVolume truth, int label, double tolerance) {
		Sizes.checkSame(prediction, truth);
		return of(prediction, truth, label, tolerance, truth.spacing());
	}

	/**
	 * NSD of class {@code label} with the given voxel spacing.
	 *
	 * @param prediction predicted labels
	 * @param truth      ground-truth labels, same size
	 * @param label      the class, 1..65535
	 * @param tolerance  {@code tau}, in the spacing's unit (usually mm), {@code >= 0}
	 * @param spacing    voxel size along x, y, z
	 * @throws IllegalArgumentException if an argument is null, the sizes differ (both are named),
	 *                                  the label is out of range or the tolerance is negative or not finite
	 */
	public static double of(LabelVolume prediction, LabelVolume truth, int label, double tolerance, Spacing spacing) {
		Sizes.checkSame(prediction, truth);
		Sizes.checkLabel(label);
		Sizes.checkTolerance(tolerance);
		if (spacing == null) throw new IllegalArgumentException("voxel spacing is null");
		int w = truth.width(), h = truth.height(), depth = truth.depth();

		// bounding box of both masks, and whether each is empty
		int x0 = w, y0 = h, z0 = depth, x1 = -1, y1 = -1, z1 = -1;
		boolean anyP = false, anyT = false;
		for (int z = 0; z < depth; z++) {
			short[] p = prediction.slice(z), t = truth.slice(z);
			for (int y = 0, i = 0; y < h; y++) {
				for (int x = 0; x < w; x++, i++) {
					boolean inP = (p[i] & 0xffff) == label, inT = (t[i] & 0xffff) == label;
					if (inP | inT) {
						anyP |= inP;
						anyT |= inT;
						if (x < x0) x0 = x;
						if (x > x1) x1 = x;
						if (y < y0) y0 = y;
						if (y > y1) y1 = y;
						if (z < z0) z0 = z;
						if (z > z1) z1 = z;
					}
				}
			}
		}
		if (!anyP && !anyT) return 1.0;
		if (!anyP || !anyT) return 0.0;

		int nx = x1 - x0 + 1, ny = y1 - y0 + 1, nz = z1 - z0 + 1;
		long size = (long) nx * ny * nz;
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("class " + label + " spans " + nx + " x " + ny + " x " + nz + " voxels, too many for the surface distance");
		boolean[] maskP = crop(prediction, label, x0, y0, z0, nx, ny, nz);
		boolean[] maskT = crop(truth, label, x0, y0, z0, nx, ny, nz);
		// Inside the box a neighbour outside it is background: outside the volume, or not in the
		// mask (the box holds every voxel of both masks).
		boolean[] surfP = surface(maskP, nx, ny, nz);
		boolean[] surfT = surface(maskT, nx, ny, nz);
		maskP = null;
		maskT = null;

		double tau2 = tolerance * tolerance * (1 + RELATIVE_SLACK);
		long[] pFromT = countWithin(surfP, surfT, nx, ny, nz, spacing, tau2);
		long[] tFromP = countWithin(surfT, surfP, nx, ny, nz, spacing, tau2);
		long total = pFromT[1] + tFromP[1];
		return (double) (pFromT[0] + tFromP[0]) / total;
	}

	/** {within, all}: how many voxels of {@code from} lie within sqrt(tau2) of {@code to}. */
	private static long[] countWithin(boolean[] from, boolean[] to, int nx, int ny, int nz, Spacing s, double tau2) {
		double[] d2 = DistanceTransform.squared(to, nx, ny, nz, s.x(), s.y(), s.z());
		long within = 0, all = 0;
		for (int i = 0; i < from.length; i++) {
			if (from[i]) {
				all++;
				if (d2[i] <= tau2) within++;
			}
		}
		return new long[] { within, all };
	}

	private static boolean[] crop(LabelVolume v, int label, int x0, int y0, int z0, int nx, int ny, int nz) {
		boolean[] m = new boolean[nx * ny * nz];
		int w = v.width();
		for (int z = 0; z < nz; z++) {
			short[] s = v.slice(z0 + z);
			for (int y = 0; y < ny; y++) {
				int src = (y0 + y) * w + x0, dst = (z * ny + y) * nx;
				for (int x = 0; x < nx; x++) m[dst + x] = (s[src + x] & 0xffff) == label;
			}
		}
		return m;
	}

	/** Foreground voxels with a 6-neighbour in the background or outside the grid. */
	static boolean[] surface(boolean[] m, int nx, int ny, int nz) {
		boolean[] s = new boolean[m.length];
		int plane = nx * ny;
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					int i = z * plane + y * nx + x;
					if (!m[i]) continue;
					s[i] = x == 0 || !m[i - 1] || x == nx - 1 || !m[i + 1]
							|| y == 0 || !m[i - nx] || y == ny - 1 || !m[i + nx]
							|| z == 0 || !m[i - plane] || z == nz - 1 || !m[i + plane];
				}
			}
		}
		return s;
	}
}

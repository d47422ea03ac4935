package sc.fiji.revsam2.volume.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform of a 3D binary grid with anisotropic voxel spacing: the
 * separable algorithm of Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled
 * Functions", 2012), one pass of 1D lower envelopes of parabolas per axis (x, then y, then z).
 * Computes squared distances in physical units, in double precision.
 */
public final class DistanceTransform {

	private DistanceTransform() {}

	/**
	 * Squared Euclidean distance from every voxel to the nearest feature voxel, in squared
	 * spacing units; {@code +Infinity} everywhere if there is no feature voxel.
	 *
	 * @param feature the feature voxels, {@code nx * ny * nz} values, index {@code (z * ny + y) * nx + x}
	 * @param nx      size along x
	 * @param ny      size along y
	 * @param nz      size along z
	 * @param sx      voxel spacing along x (> 0)
	 * @param sy      voxel spacing along y (> 0)
	 * @param sz      voxel spacing along z (> 0)
	 * @return a new array of squared distances, same indexing
	 * @throws IllegalArgumentException if a size or spacing is not positive or the array length does not match
	 */
	public static double[] squared(boolean[] feature, int nx, int ny, int nz, double sx, double sy, double sz) {
		if (feature == null) throw new IllegalArgumentException("feature array is null");
		if (nx <= 0 || ny <= 0 || nz <= 0) throw new IllegalArgumentException("grid size must be positive, got " + nx + " x " + ny + " x " + nz);
		if ((long) nx * ny * nz != feature.length) {
			throw new IllegalArgumentException("feature array has " + feature.length + " values, expected " + nx + " x " + ny + " x " + nz + " = " + (long) nx * ny * nz);
		}
		if (!(sx > 0 && sy > 0 && sz > 0) || Double.isInfinite(sx) || Double.isInfinite(sy) || Double.isInfinite(sz)) {
			throw new IllegalArgumentException("voxel spacing must be positive and finite, got " + sx + " x " + sy + " x " + sz);
		}
		double[] d = new double[feature.length];
		for (int i = 0; i < d.length; i++) d[i] = feature[i] ? 0.0 : Double.POSITIVE_INFINITY;
		int maxN = Math.max(nx, Math.max(ny, nz));
		Line line = new Line(maxN);
		// x lines (stride 1)
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) line.run(d, (z * ny + y) * nx, 1, nx, sx);
		}
		// y lines (stride nx)
		if (ny > 1) {
			for (int z = 0; z < nz; z++) {
				for (int x = 0; x < nx; x++) line.run(d, z * ny * nx + x, nx, ny, sy);
			}
		}
		// z lines (stride nx * ny)
		if (nz > 1) {
			int plane = nx * ny;
			for (int p = 0; p < plane; p++) line.run(d, p, plane, nz, sz);
		}
		return d;
	}

	/** Work buffers for the 1D transform, allocated once per call of {@link #squared}. */
	private static final class Line {
		final double[] f, out, zs;
		final int[] v;

		Line(int n) {
			f = new double[n];
			out = new double[n];
			zs = new double[n + 1];
			v = new int[n];
		}

		/** In place: d[off + i*stride] = min_q (s (i - q))^2 + d[off + q*stride]. */
		void run(double[] d, int off, int stride, int n, double s) {
			for (int i = 0; i < n; i++) f[i] = d[off + i * stride];
			double s2 = s * s;
			int k = -1;
			for (int q = 0; q < n; q++) {
				double fq = f[q];
				if (fq == Double.POSITIVE_INFINITY) continue;
				if (k < 0) {
					k = 0;
					v[0] = q;
					zs[0] = Double.NEGATIVE_INFINITY;
					zs[1] = Double.POSITIVE_INFINITY;
					continue;
				}
				double sect;
				while (true) {
					int p = v[k];
					// where the parabolas of q and p meet, in index units; zs[0] = -inf stops the loop at k = 0
					sect = ((fq - f[p]) / s2 + ((double) q * q - (double) p * p)) / (2.0 * (q - p));
					if (sect <= zs[k]) k--;
					else break;
				}
				k++;
				v[k] = q;
				zs[k] = sect;
				zs[k + 1] = Double.POSITIVE_INFINITY;
			}
			if (k < 0) {
				Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
			} else {
				int j = 0;
				for (int i = 0; i < n; i++) {
					while (zs[j + 1] < i) j++;
					double dx = i - v[j];
					out[i] = s2 * dx * dx + f[v[j]];
				}
			}
			for (int i = 0; i < n; i++) d[off + i * stride] = out[i];
		}
	}
}

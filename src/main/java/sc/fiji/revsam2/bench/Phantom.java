package sc.fiji.revsam2.bench;

import java.util.SplittableRandom;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * A synthetic CT-like phantom in Hounsfield units, generated deterministically from a seed: air
 * around an elliptic body (a fat layer, then soft tissue), a bright vertebra on every slice, a
 * large lobulated "organ" (label 1) with a blotchy texture and a small bright "kidney" (label 2),
 * both ellipsoids that appear and shrink across the slices. Another seed moves and resizes them
 * a little, like another patient. The demo's and the method comparison's data, and what the
 * bundled phantom model was trained on the like of.
 */
public final class Phantom {

	public static final String[] CLASS_NAMES = { "organ", "kidney" };

	/** The image and its ground truth. */
	public record Case(Volume image, LabelVolume truth) {}

	private Phantom() {}

	/** The demo's size: 128 x 128 x 16 voxels of 1.0 x 1.0 x 2.5 mm. */
	public static Case generate(long seed) {
		return generate(128, 128, 16, new Spacing(1.0, 1.0, 2.5, "mm"), seed);
	}

	public static Case generate(int w, int h, int d, Spacing spacing, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double cx = w / 2.0 + jitter(r, 0.02 * w), cy = h / 2.0 + jitter(r, 0.02 * h);
		double bodyA = 0.45 * w * (1 + jitter(r, 0.03)), bodyB = 0.36 * h * (1 + jitter(r, 0.03));
		// organ (label 1): left of centre, lobulated outline
		double oX = cx - 0.12 * w + jitter(r, 0.02 * w), oY = cy - 0.04 * h + jitter(r, 0.02 * h), oZ = (d - 1) / 2.0 + jitter(r, 0.06 * d);
		double oA = 0.21 * w * (1 + jitter(r, 0.08)), oB = 0.16 * h * (1 + jitter(r, 0.08)), oC = 0.34 * d * (1 + jitter(r, 0.08));
		double lobePhase = r.nextDouble() * 2 * Math.PI;
		// kidney (label 2): right of centre, towards the back
		double kX = cx + 0.22 * w + jitter(r, 0.015 * w), kY = cy + 0.1 * h + jitter(r, 0.015 * h), kZ = (d - 1) / 2.0 + 1 + jitter(r, 0.05 * d);
		double kA = 0.065 * w * (1 + jitter(r, 0.1)), kB = 0.09 * h * (1 + jitter(r, 0.1)), kC = 0.24 * d * (1 + jitter(r, 0.1));
		// vertebra: bright disc behind, on every slice
		double sX = cx, sY = cy + 0.25 * h, sR = 0.06 * w;

		float[][] img = new float[d][w * h];
		short[][] lab = new short[d][w * h];
		int gw = w / 8 + 2, gh = h / 8 + 2;
		for (int z = 0; z < d; z++) {
			double[] texture = new double[gw * gh];
			for (int i = 0; i < texture.length; i++) texture[i] = 2 * r.nextDouble() - 1;
			double oz = (z - oZ) / oC, kz = (z - kZ) / kC;
			double oScale = oz * oz < 1 ? Math.sqrt(1 - oz * oz) : 0, kScale = kz * kz < 1 ? Math.sqrt(1 - kz * kz) : 0;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					int i = y * w + x;
					double bx = (x + 0.5 - cx) / bodyA, by = (y + 0.5 - cy) / bodyB, body = bx * bx + by * by;
					double v;
					if (body >= 1) {
						v = -1000 + 15 * r.nextGaussian();
					} else {
						v = (body > 0.8 ? -100 : 40) + 12 * r.nextGaussian();
						double dx = (x + 0.5 - sX) / sR, dy = (y + 0.5 - sY) / sR;
						if (dx * dx + dy * dy < 1) v = 700 + 40 * r.nextGaussian();
						if (oScale > 0) {
							double ex = (x + 0.5 - oX), ey = (y + 0.5 - oY);
							double lobe = 1 + 0.08 * Math.sin(3 * Math.atan2(ey, ex) + lobePhase);
							double rx = ex / (oA * oScale * lobe), ry = ey / (oB * oScale * lobe);
							if (rx * rx + ry * ry < 1) {
								v = 105 + 25 * smooth(texture, gw, x / 8.0, y / 8.0) + 10 * r.nextGaussian();
								lab[z][i] = 1;
							}
						}
						if (kScale > 0) {
							double rx = (x + 0.5 - kX) / (kA * kScale), ry = (y + 0.5 - kY) / (kB * kScale);
							if (rx * rx + ry * ry < 1) {
								v = 190 + 10 * r.nextGaussian();
								lab[z][i] = 2;
							}
						}
					}
					img[z][i] = (float) Math.rint(v);
				}
			}
		}
		return new Case(new Volume(w, h, img, spacing), new LabelVolume(w, h, lab, spacing));
	}

	/**
	 * Support labels as a user would draw them: for each class, {@code perClass} slices spread
	 * over its extent (at 1/(n+1), 2/(n+1)... of the slices where it occurs), only that class drawn
	 * on them.
	 */
	public static LabelVolume supportLabels(LabelVolume truth, int perClass) {
		LabelVolume out = LabelVolume.zeros(truth.width(), truth.height(), truth.depth(), truth.spacing());
		for (int label : truth.labels()) {
			int[] slices = truth.slicesWith(label);
			for (int j = 1; j <= perClass && j <= slices.length; j++) {
				int z = slices[(int) Math.round((double) j * (slices.length - 1) / (perClass + 1))];
				short[] src = truth.slice(z), dst = out.slice(z);
				for (int i = 0; i < src.length; i++) if ((src[i] & 0xffff) == label) dst[i] = (short) label;
			}
		}
		return out;
	}

	private static double jitter(SplittableRandom r, double amplitude) {
		return amplitude * (2 * r.nextDouble() - 1);
	}

	/** Bilinear interpolation of a coarse grid at (gx, gy) in grid units. */
	private static double smooth(double[] grid, int gw, double gx, double gy) {
		int x0 = (int) gx, y0 = (int) gy;
		double fx = gx - x0, fy = gy - y0;
		double a = grid[y0 * gw + x0], b = grid[y0 * gw + x0 + 1], c = grid[(y0 + 1) * gw + x0], e = grid[(y0 + 1) * gw + x0 + 1];
		return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy;
	}
}

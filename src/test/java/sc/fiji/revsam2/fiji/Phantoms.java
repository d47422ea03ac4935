package sc.fiji.revsam2.fiji;

import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** Small synthetic volumes for the command tests: bright ellipsoids in a calibrated 16-bit stack. */
final class Phantoms {

	static final double PIXEL = 0.8, DEPTH = 2.5;

	private Phantoms() {}

	/** One bright ellipsoid (value ~1000 on ~100) centred in a w x h x d 16-bit stack, calibrated 0.8 x 0.8 x 2.5 mm. */
	static ImagePlus ellipsoid(String title, int w, int h, int d) {
		return ellipsoids(title, w, h, d, new double[][] { { w / 2.0, h / 2.0, (d - 1) / 2.0, w * 0.22, h * 0.16, d * 0.4 } });
	}

	/** Ellipsoids {cx, cy, cz, rx, ry, rz} (voxels, z 0-based) of value ~1000 on ~100, with a little noise. */
	static ImagePlus ellipsoids(String title, int w, int h, int d, double[][] shapes) {
		Random rnd = new Random(7);
		ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < d; z++) {
			short[] px = new short[w * h];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double v = 100;
					for (double[] s : shapes) if (inside(s, x, y, z)) v = 1000;
					px[y * w + x] = (short) (v + rnd.nextInt(20));
				}
			}
			stack.addSlice(null, new ShortProcessor(w, h, px, null));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = PIXEL;
		cal.pixelHeight = PIXEL;
		cal.pixelDepth = DEPTH;
		cal.setUnit("mm");
		return imp;
	}

	static boolean inside(double[] s, double x, double y, double z) {
		double dx = (x - s[0]) / s[3], dy = (y - s[1]) / s[4], dz = (z - s[2]) / s[5];
		return dx * dx + dy * dy + dz * dz <= 1;
	}

	/** An oval ROI on slice z (1-based) around the ellipsoid's cross-section there. */
	static Roi oval(double[] s, int z) {
		double dz = (z - 1 - s[2]) / s[5];
		double f = Math.sqrt(Math.max(0.05, 1 - dz * dz));
		Roi r = new OvalRoi(s[0] - s[3] * f, s[1] - s[4] * f, 2 * s[3] * f, 2 * s[4] * f);
		r.setPosition(z);
		return r;
	}

	/** The centred ellipsoid of {@link #ellipsoid}. */
	static double[] centred(ImagePlus imp) {
		int w = imp.getWidth(), h = imp.getHeight(), d = imp.getNSlices();
		return new double[] { w / 2.0, h / 2.0, (d - 1) / 2.0, w * 0.22, h * 0.16, d * 0.4 };
	}

	/** Puts the ROIs on the image's overlay. */
	static ImagePlus withOverlay(ImagePlus imp, Roi... rois) {
		Overlay ov = new Overlay();
		for (Roi r : rois) ov.add(r);
		imp.setOverlay(ov);
		return imp;
	}

	/** An 8-bit label image of the image's size with {@code label} inside the ellipsoid on the given slices (1-based). */
	static ImagePlus labels(ImagePlus like, double[][] shapes, int[] labelValues, int[][] slices) {
		int w = like.getWidth(), h = like.getHeight(), d = like.getNSlices();
		ImagePlus imp = ij.IJ.createImage(like.getTitle() + "-labels", "8-bit black", w, h, d);
		for (int c = 0; c < shapes.length; c++) {
			for (int z : slices[c]) {
				ImageProcessor ip = imp.getStack().getProcessor(z);
				for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) if (inside(shapes[c], x, y, z - 1)) ip.set(x, y, labelValues[c]);
			}
		}
		imp.setCalibration(like.getCalibration().copy());
		return imp;
	}
}

package sc.fiji.revsam2.fiji;

import java.awt.Color;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.LUT;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.volume.LabelVolume;

/** The label image a run shows: 8- or 16-bit, the query's calibration, a label LUT. */
public final class LabelImagePlus {

	private LabelImagePlus() {}

	/**
	 * A label image of {@code labels}: 8-bit when every class label is below 256 ({@code maxLabel}),
	 * else 16-bit; calibrated like {@code query} (without its value calibration: labels are indices);
	 * with {@link #lut()} over 0..255.
	 */
	public static ImagePlus create(LabelVolume labels, int maxLabel, ImagePlus query, String title) {
		ImagePlus imp = ImagePlusVolumes.toImagePlus(labels, title, maxLabel < 256);
		imp.setDimensions(1, labels.depth(), 1);
		Calibration cal = query.getCalibration().copy();
		cal.disableDensityCalibration();
		cal.setValueUnit("label");
		imp.setCalibration(cal);
		imp.setLut(lut());
		imp.setDisplayRange(0, 255);
		imp.setProperty("Info", "RevSAM2 labels of " + query.getTitle());
		NiftiImagePlus.markLabels(imp);
		return imp;
	}

	/** The output title: the query's title without its file extension, then "-RevSAM2". */
	public static String title(ImagePlus query) {
		String t = query.getTitle() == null || query.getTitle().isBlank() ? "image" : query.getTitle();
		return t.replaceFirst("(?i)\\.(tiff?|nii(\\.gz)?|nrrd|mhd|dcm|png|zip)$", "") + "-RevSAM2";
	}

	/**
	 * A label LUT: black background, then 255 distinct colours (hues stepped by the golden angle,
	 * cycling through three saturation/brightness levels so that neighbouring labels differ).
	 */
	public static LUT lut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		float[][] sb = { { 0.85f, 1f }, { 0.55f, 0.95f }, { 1f, 0.7f } };
		for (int i = 1; i < 256; i++) {
			float hue = (float) (((i - 1) * 0.618033988749895) % 1.0);
			float[] s = sb[(i - 1) % 3];
			Color c = Color.getHSBColor(hue, s[0], s[1]);
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}
}

package sc.fiji.revsam2.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * Conversions between ImageJ 1.x images and {@link Volume}/{@link LabelVolume}. The z-slices of
 * one channel and one time frame become the volume's slices; the calibration becomes the
 * {@link Spacing} and back. Pixel values keep their array order (no flips).
 */
public final class ImagePlusVolumes {

	/** The message for RGB input, which has no single intensity per voxel. */
	public static final String RGB_MESSAGE = "RGB images are not supported; convert to 8-bit or split channels first";

	private ImagePlusVolumes() {}

	/** The volume of the image's current channel and frame (1 and 1 for a plain stack). */
	public static Volume toVolume(ImagePlus imp) {
		return toVolume(imp, imp.getC(), imp.getT());
	}

	/**
	 * The volume of channel {@code channel} and frame {@code frame} (both 1-based) as floats, a
	 * copy. 8- and 16-bit values are unsigned unless the image has a calibration function (e.g.
	 * DICOM rescale slope/intercept, signed 16-bit), which is then applied, so CT values are in HU.
	 *
	 * @throws IllegalArgumentException for RGB images or a channel/frame out of range
	 */
	public static Volume toVolume(ImagePlus imp, int channel, int frame) {
		checkType(imp);
		checkPosition(imp, channel, frame);
		int w = imp.getWidth(), h = imp.getHeight(), d = imp.getNSlices();
		ImageStack stack = imp.getStack();
		Calibration cal = imp.getCalibration();
		float[] table = imp.getBitDepth() == 32 ? null : cal.getCTable();
		float[][] slices = new float[d][];
		for (int z = 0; z < d; z++) {
			Object pixels = stack.getPixels(imp.getStackIndex(channel, z + 1, frame));
			float[] s = new float[w * h];
			if (pixels instanceof byte[] b) {
				for (int i = 0; i < s.length; i++) s[i] = table == null ? b[i] & 0xff : table[b[i] & 0xff];
			} else if (pixels instanceof short[] sh) {
				for (int i = 0; i < s.length; i++) s[i] = table == null ? sh[i] & 0xffff : table[sh[i] & 0xffff];
			} else {
				System.arraycopy((float[]) pixels, 0, s, 0, s.length);
			}
			slices[z] = s;
		}
		return new Volume(w, h, slices, spacing(cal));
	}

	/** The labels of the image's current channel and frame. */
	public static LabelVolume toLabelVolume(ImagePlus imp) {
		return toLabelVolume(imp, imp.getC(), imp.getT());
	}

	/**
	 * The labels of one channel and frame: raw 8- or 16-bit values (any calibration function is
	 * ignored: labels are indices), or 32-bit values that must be whole numbers 0..65535.
	 */
	public static LabelVolume toLabelVolume(ImagePlus imp, int channel, int frame) {
		checkType(imp);
		checkPosition(imp, channel, frame);
		if (imp.getBitDepth() == 32) return LabelVolumes.fromVolume(toVolume(imp, channel, frame));
		int w = imp.getWidth(), h = imp.getHeight(), d = imp.getNSlices();
		ImageStack stack = imp.getStack();
		short[][] slices = new short[d][];
		for (int z = 0; z < d; z++) {
			Object pixels = stack.getPixels(imp.getStackIndex(channel, z + 1, frame));
			short[] s = new short[w * h];
			if (pixels instanceof byte[] b) {
				for (int i = 0; i < s.length; i++) s[i] = (short) (b[i] & 0xff);
			} else {
				System.arraycopy((short[]) pixels, 0, s, 0, s.length);
			}
			slices[z] = s;
		}
		return new LabelVolume(w, h, slices, spacing(imp.getCalibration()));
	}

	/**
	 * A 32-bit image of the volume, calibrated with its spacing. The image shares the volume's
	 * slice arrays (no copy): changing one changes the other.
	 */
	public static ImagePlus toImagePlus(Volume volume, String title) {
		ImageStack stack = new ImageStack(volume.width(), volume.height());
		for (int z = 0; z < volume.depth(); z++) stack.addSlice(null, volume.slice(z));
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setCalibration(calibration(volume.spacing()));
		float[] mm = volume.minMax();
		if (mm[0] <= mm[1]) imp.getProcessor().setMinAndMax(mm[0], mm[1]);
		return imp;
	}

	/**
	 * An 8- or 16-bit image of the volume, whose values must be whole numbers in range
	 * (0..255 or 0..65535), e.g. a volume read from a uint8/uint16 NIfTI file.
	 *
	 * @throws IllegalArgumentException when a value does not fit
	 */
	public static ImagePlus toImagePlus(Volume volume, String title, int bitDepth) {
		if (bitDepth == 32) return toImagePlus(volume, title);
		if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("bit depth must be 8, 16 or 32, got " + bitDepth);
		int max = bitDepth == 8 ? 255 : 65535;
		ImageStack stack = new ImageStack(volume.width(), volume.height());
		for (int z = 0; z < volume.depth(); z++) {
			float[] s = volume.slice(z);
			Object pixels = bitDepth == 8 ? new byte[s.length] : new short[s.length];
			for (int i = 0; i < s.length; i++) {
				float v = s[i];
				if (!(v >= 0 && v <= max && v == Math.rint(v))) {
					throw new IllegalArgumentException("voxel (" + i % volume.width() + ", " + i / volume.width() + ", " + z + ") has value " + v + ", which is not a " + bitDepth + "-bit value");
				}
				if (pixels instanceof byte[] b) b[i] = (byte) (int) v;
				else ((short[]) pixels)[i] = (short) (int) v;
			}
			stack.addSlice(null, pixels);
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setCalibration(calibration(volume.spacing()));
		imp.resetDisplayRange();
		return imp;
	}

	/** An 8-bit image if all labels are below 256, else 16-bit, calibrated with the labels' spacing. */
	public static ImagePlus toImagePlus(LabelVolume labels, String title) {
		int max = LabelVolumes.maxLabel(labels);
		ImagePlus imp = toImagePlus(labels, title, max < 256);
		imp.setCalibration(calibration(labels.spacing()));
		imp.setDisplayRange(0, Math.max(1, max));
		return imp;
	}

	/** The labels as an 8-bit ({@code eightBit}, values must be below 256) or 16-bit stack, uncalibrated. */
	public static ImagePlus toImagePlus(LabelVolume labels, String title, boolean eightBit) {
		ImageStack stack = new ImageStack(labels.width(), labels.height());
		for (int z = 0; z < labels.depth(); z++) {
			short[] s = labels.slice(z);
			if (eightBit) {
				byte[] b = new byte[s.length];
				for (int i = 0; i < s.length; i++) b[i] = (byte) s[i];
				stack.addSlice(null, b);
			} else {
				stack.addSlice(null, s.clone());
			}
		}
		return new ImagePlus(title, stack);
	}

	/**
	 * The spacing of a calibration: pixel width, height and depth (absolute; 0 or NaN becomes 1)
	 * and its unit ("micron" becomes "\u00b5m"; an uncalibrated image has unit "pixel").
	 */
	public static Spacing spacing(Calibration cal) {
		String unit = cal.getUnit();
		if (unit == null || unit.isBlank()) unit = "pixel";
		else if (unit.equals("micron") || unit.equals("microns") || unit.equals("um")) unit = NiftiHeader.MICRON;
		return new Spacing(size(cal.pixelWidth), size(cal.pixelHeight), size(cal.pixelDepth), unit);
	}

	/** A calibration with this spacing and unit. */
	public static Calibration calibration(Spacing s) {
		Calibration cal = new Calibration();
		cal.pixelWidth = s.x();
		cal.pixelHeight = s.y();
		cal.pixelDepth = s.z();
		cal.setUnit(s.unit());
		return cal;
	}

	private static double size(double d) {
		return Double.isFinite(d) && d != 0 ? Math.abs(d) : 1;
	}

	private static void checkType(ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("no image");
		if (imp.getBitDepth() == 24 || imp.getType() == ImagePlus.COLOR_RGB) throw new IllegalArgumentException(RGB_MESSAGE);
	}

	private static void checkPosition(ImagePlus imp, int channel, int frame) {
		if (channel < 1 || channel > imp.getNChannels()) throw new IllegalArgumentException("channel " + channel + " does not exist; the image has " + imp.getNChannels() + " channel(s)");
		if (frame < 1 || frame > imp.getNFrames()) throw new IllegalArgumentException("frame " + frame + " does not exist; the image has " + imp.getNFrames() + " frame(s)");
	}
}

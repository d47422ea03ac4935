package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

class ImagePlusVolumesTest {

	/** A 3x2 hyperstack, 2 channels x 4 slices x 3 frames; pixel i of (c, z, t) = 1000c + 100t + 10z + i. */
	private static ImagePlus hyperstack(int bitDepth) {
		ImagePlus imp = IJ.createHyperStack("h", 3, 2, 2, 4, 3, bitDepth);
		for (int c = 1; c <= 2; c++) for (int z = 1; z <= 4; z++) for (int t = 1; t <= 3; t++) {
			var ip = imp.getStack().getProcessor(imp.getStackIndex(c, z, t));
			for (int i = 0; i < 6; i++) ip.setf(i, 1000 * c + 100 * t + 10 * z + i);
		}
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("micron");
		return imp;
	}

	@Test
	void picksChannelAndFrameOfAHyperstack() {
		for (int bitDepth : new int[] { 16, 32 }) {
			ImagePlus imp = hyperstack(bitDepth);
			Volume v = ImagePlusVolumes.toVolume(imp, 2, 3);
			assertEquals(3, v.width());
			assertEquals(2, v.height());
			assertEquals(4, v.depth());
			for (int z = 0; z < 4; z++) for (int i = 0; i < 6; i++) assertEquals(2000 + 300 + 10 * (z + 1) + i, v.slice(z)[i], "bit depth " + bitDepth);
			assertEquals(new Spacing(0.5, 0.25, 2, "\u00b5m"), v.spacing());
			imp.setPosition(1, 1, 2);
			assertEquals(1000 + 200 + 10 + 5, ImagePlusVolumes.toVolume(imp).get(2, 1, 0), "current channel and frame");
		}
	}

	@Test
	void channelOrFrameOutOfRangeIsAClearError() {
		ImagePlus imp = hyperstack(8);
		assertEquals("channel 3 does not exist; the image has 2 channel(s)", assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(imp, 3, 1)).getMessage());
		assertEquals("frame 0 does not exist; the image has 3 frame(s)", assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(imp, 1, 0)).getMessage());
	}

	@Test
	void unsignedAndCalibratedValues() {
		ImagePlus b = IJ.createImage("b", "8-bit black", 2, 1, 1);
		b.getProcessor().set(0, 255);
		assertArrayEquals(new float[] { 255, 0 }, ImagePlusVolumes.toVolume(b).slice(0));
		ImagePlus s = IJ.createImage("s", "16-bit black", 2, 1, 1);
		s.getProcessor().set(0, 65535);
		assertArrayEquals(new float[] { 65535, 0 }, ImagePlusVolumes.toVolume(s).slice(0));
		// signed 16-bit as ImageJ's DICOM reader stores it: raw + 32768 with a linear calibration function
		s.getCalibration().setSigned16BitCalibration();
		s.getProcessor().set(0, 32768 - 1024);
		s.getProcessor().set(1, 32768 + 40);
		assertArrayEquals(new float[] { -1024, 40 }, ImagePlusVolumes.toVolume(s).slice(0));
		// labels ignore the calibration function: they are indices
		assertEquals(32768 + 40, ImagePlusVolumes.toLabelVolume(s).get(1, 0, 0));
	}

	@Test
	void rgbIsRefused() {
		ImagePlus rgb = IJ.createImage("rgb", "RGB black", 2, 2, 1);
		assertEquals("RGB images are not supported; convert to 8-bit or split channels first",
				assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(rgb)).getMessage());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toLabelVolume(rgb));
	}

	@Test
	void volumeToImagePlusAndBack() {
		Volume v = Volume.zeros(3, 2, 4, new Spacing(0.8, 0.8, 3, "mm"));
		v.set(2, 1, 3, -7.5f);
		v.set(0, 0, 0, 12);
		ImagePlus imp = ImagePlusVolumes.toImagePlus(v, "vol");
		assertEquals(32, imp.getBitDepth());
		assertEquals(4, imp.getNSlices());
		assertEquals(0.8, imp.getCalibration().pixelWidth);
		assertEquals(3, imp.getCalibration().pixelDepth);
		assertEquals("mm", imp.getCalibration().getUnit());
		assertSame(v.slice(3), imp.getStack().getPixels(4), "shares the slices");
		Volume back = ImagePlusVolumes.toVolume(imp);
		for (int z = 0; z < 4; z++) assertArrayEquals(v.slice(z), back.slice(z));
		assertEquals(v.spacing(), back.spacing());

		ImagePlus u16 = ImagePlusVolumes.toImagePlus(Volume.zeros(2, 2, 1, null), "u16", 16);
		assertEquals(16, u16.getBitDepth());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toImagePlus(v, "x", 8), "negative values do not fit 8-bit");
	}

	@Test
	void labelVolumeToImagePlusAndBack() {
		LabelVolume l = LabelVolume.zeros(3, 2, 2, new Spacing(1, 1, 2.5, "mm"));
		l.set(1, 1, 1, 200);
		ImagePlus imp8 = ImagePlusVolumes.toImagePlus(l, "labels");
		assertEquals(8, imp8.getBitDepth());
		assertEquals(2.5, imp8.getCalibration().pixelDepth);
		LabelVolume back = ImagePlusVolumes.toLabelVolume(imp8);
		assertEquals(200, back.get(1, 1, 1));
		assertEquals(l.spacing(), back.spacing());

		l.set(0, 0, 0, 40000);
		ImagePlus imp16 = ImagePlusVolumes.toImagePlus(l, "labels");
		assertEquals(16, imp16.getBitDepth());
		assertEquals(40000, ImagePlusVolumes.toLabelVolume(imp16).get(0, 0, 0));

		ImagePlus f = IJ.createImage("f", "32-bit black", 2, 1, 1);
		f.getProcessor().setf(0, 3);
		assertEquals(3, ImagePlusVolumes.toLabelVolume(f).get(0, 0, 0));
		f.getProcessor().setf(1, 0.5f);
		assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toLabelVolume(f));
	}

	@Test
	void calibrationAndSpacing() {
		Calibration cal = new Calibration();
		assertEquals(Spacing.UNIT, ImagePlusVolumes.spacing(cal), "uncalibrated");
		cal.pixelDepth = 0;
		cal.pixelHeight = -2;
		cal.setUnit("mm");
		assertEquals(new Spacing(1, 2, 1, "mm"), ImagePlusVolumes.spacing(cal), "zero becomes 1, negative its absolute value");
		Calibration back = ImagePlusVolumes.calibration(new Spacing(0.3, 0.4, 5, "\u00b5m"));
		assertEquals(0.3, back.pixelWidth);
		assertEquals(5, back.pixelDepth);
		assertEquals("\u00b5m", back.getUnit());
	}

	@Test
	void toVolumeCopiesThePixels() {
		ImageStack stack = new ImageStack(2, 1);
		stack.addSlice(new ij.process.FloatProcessor(2, 1, new float[] { 1, 2 }));
		stack.addSlice(new ij.process.FloatProcessor(2, 1, new float[] { 3, 4 }));
		ImagePlus imp = new ImagePlus("s", stack);
		Volume v = ImagePlusVolumes.toVolume(imp);
		v.set(0, 0, 1, 99);
		assertArrayEquals(new float[] { 3, 4 }, (float[]) imp.getStack().getPixels(2), "the user's image is not changed");
	}
}

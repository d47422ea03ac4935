package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ImageProcessor;

class NiftiImagePlusTest {

	@TempDir
	Path dir;

	/** An int16 CT-like file with an oblique sform, written by "another tool". */
	private Path ct() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, ByteOrder.LITTLE_ENDIAN).type(4, 16).dims(4, 3, 2);
		var b = f.dataBuffer(48);
		for (int i = 0; i < 24; i++) b.putShort((short) (i * 10));
		f.data(b);
		f.sclSlope = 1;
		f.sclInter = -1024;
		f.pixdim = new double[] { 1, 0.9, 0.9, 5, 0, 0, 0, 0 };
		f.xyztUnits = NiftiHeader.UNITS_MM;
		f.qformCode = 1;
		f.quaternD = 1;
		f.qoffsetX = 50;
		f.sformCode = 1;
		f.srow = new double[][] { { -0.9, 0, 0, 50 }, { 0, -0.9, 0, 0 }, { 0, 0, 5, 0 } };
		return f.write(dir.resolve("ct.nii"));
	}

	@Test
	void bitDepthFollowsTheStoredType() throws IOException {
		ImagePlus ct = NiftiImagePlus.toImagePlus(NiftiReader.read(ct()), "ct");
		assertEquals(32, ct.getBitDepth(), "scaled int16 becomes 32-bit");
		assertEquals(-1024 + 230, ct.getStack().getProcessor(2).getf(11));
		assertEquals(5, ct.getCalibration().pixelDepth);
		assertEquals("mm", ct.getCalibration().getUnit());

		HandMadeNifti u8 = new HandMadeNifti(2, ByteOrder.BIG_ENDIAN).type(2, 8).dims(2, 1);
		u8.data = new byte[] { 7, (byte) 255 };
		ImagePlus l8 = NiftiImagePlus.toImagePlus(NiftiReader.read(u8.write(dir.resolve("u8.nii"))), "u8");
		assertEquals(8, l8.getBitDepth());
		assertEquals(255, l8.getProcessor().get(1));

		HandMadeNifti u16 = new HandMadeNifti(1, ByteOrder.LITTLE_ENDIAN).type(512, 16).dims(2, 1);
		u16.data(u16.dataBuffer(4).putShort((short) 1).putShort((short) 60000));
		ImagePlus l16 = NiftiImagePlus.toImagePlus(NiftiReader.read(u16.write(dir.resolve("u16.nii"))), "u16");
		assertEquals(16, l16.getBitDepth());
		assertEquals(60000, l16.getProcessor().get(1));
	}

	@Test
	void aLabelImageDuplicatedFromTheImageIsSavedWithItsGeometry() throws IOException {
		NiftiHeader source = NiftiReader.readHeader(ct());
		ImagePlus ct = NiftiImagePlus.toImagePlus(NiftiReader.read(ct()), "ct");
		assertEquals(source, NiftiImagePlus.storedHeader(ct).orElseThrow());

		// a user's label image: Duplicate, then convert and draw (string properties survive both)
		ImagePlus labels = ct.duplicate();
		new ij.process.StackConverter(labels).convertToGray8();
		for (int z = 1; z <= labels.getStackSize(); z++) {
			ImageProcessor ip = labels.getStack().getProcessor(z);
			ip.setValue(0);
			ip.fill();
		}
		labels.getStack().getProcessor(2).set(3, 2, 1);
		assertTrue(NiftiImagePlus.storedHeader(labels).isPresent(), "survives Image>Duplicate");

		// and through a TIFF round trip
		Path tif = dir.resolve("labels.tif");
		assertTrue(new FileSaver(labels).saveAsTiffStack(tif.toString()));
		ImagePlus reopened = new Opener().openImage(tif.toString());
		assertEquals(source, NiftiImagePlus.storedHeader(reopened).orElseThrow(), "survives saving as TIFF");

		Path out = dir.resolve("labels.nii.gz");
		assertEquals(List.of(), NiftiImagePlus.save(reopened, out, null));
		NiftiImage back = NiftiReader.read(out);
		assertEquals(NiftiDataType.UINT8, back.header().dataType());
		assertEquals(1, back.volume().get(3, 2, 1));
		assertArrayEquals(source.srowX(), back.header().srowX());
		assertEquals(source.qformCode(), back.header().qformCode());
		assertEquals(source.quaternD(), back.header().quaternD());
		assertEquals(1, back.header().sclSlope());
		assertEquals(0, back.header().sclInter(), "the source's scaling is not applied to the labels");
	}

	@Test
	void aStoredHeaderOfAnotherSizeIsNotUsed() throws IOException {
		ImagePlus ct = NiftiImagePlus.toImagePlus(NiftiReader.read(ct()), "ct");
		ct.setRoi(0, 0, 2, 2);
		ImagePlus cropped = ct.crop("stack");
		Path out = dir.resolve("crop.nii");
		List<String> warnings = NiftiImagePlus.save(cropped, out, null);
		assertEquals(List.of("the image's NIfTI geometry (4x3x2) was not used because the image is now 2x2x2; geometry from the voxel size only"), warnings);
		NiftiHeader h = NiftiReader.readHeader(out);
		assertEquals(NiftiDataType.FLOAT32, h.dataType());
		assertEquals(0, h.srowX()[3], "not the source's origin");
		assertEquals(0.9, h.pixdim(1), 1e-6);
	}

	@Test
	void saveRefusesHyperstacksAndRgb() {
		Path out = dir.resolve("x.nii");
		ImagePlus hyper = IJ.createHyperStack("h", 2, 2, 3, 2, 1, 8);
		assertTrue(assertThrows(VolumeIOException.class, () -> NiftiImagePlus.save(hyper, out, null)).getMessage()
				.startsWith("x.nii: the image has 3 channel(s) and 1 frame(s); NIfTI export writes one 3D volume"));
		ImagePlus rgb = IJ.createImage("rgb", "RGB black", 2, 2, 1);
		assertEquals("x.nii: RGB images are not supported; convert to 8-bit or split channels first",
				assertThrows(VolumeIOException.class, () -> NiftiImagePlus.save(rgb, out, null)).getMessage());
		assertFalse(Files.exists(out));
	}

	@Test
	void sixteenBitIsUint16AndCalibratedSixteenBitIsFloat() throws IOException {
		ImagePlus s = IJ.createImage("s", "16-bit black", 2, 1, 1);
		s.getProcessor().set(0, 65535);
		Path out = dir.resolve("s.nii");
		NiftiImagePlus.save(s, out, null);
		assertEquals(NiftiDataType.UINT16, NiftiReader.readHeader(out).dataType());
		assertEquals(65535, NiftiReader.read(out).volume().get(0, 0, 0));
		s.getCalibration().setSigned16BitCalibration();
		NiftiImagePlus.save(s, out, null);
		assertEquals(NiftiDataType.FLOAT32, NiftiReader.readHeader(out).dataType());
		assertEquals(32767, NiftiReader.read(out).volume().get(0, 0, 0));
	}
}

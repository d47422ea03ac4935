package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

class VolumeReaderTest {

	@TempDir
	Path dir;

	private String error(Path p) {
		return assertThrows(VolumeIOException.class, () -> VolumeReader.read(p)).getMessage();
	}

	@Test
	void niftiByNameAndByContent() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, ByteOrder.BIG_ENDIAN).type(2, 8).dims(2, 1, 2);
		f.data = new byte[] { 1, 2, 3, 4 };
		f.pixdim = new double[] { 1, 0.5, 0.5, 2, 0, 0, 0, 0 };
		for (Path p : List.of(f.writeGzip(dir.resolve("a.nii.gz")), f.write(dir.resolve("scan.bin")), f.writeGzip(dir.resolve("noext")))) {
			VolumeFile vf = VolumeReader.read(p);
			assertEquals("NIfTI-1", vf.format());
			assertArrayEquals(new float[] { 3, 4 }, vf.volume().slice(1));
			assertEquals(2, vf.volume().spacing().z());
			assertEquals(NiftiDataType.UINT8, vf.geometry().dataType(), "the NIfTI header itself");
		}
	}

	@Test
	void tiffStacksThroughImageJ() throws IOException {
		ImagePlus imp = IJ.createImage("t", "16-bit black", 3, 2, 4);
		imp.getStack().getProcessor(3).set(1, 1, 777);
		imp.getCalibration().pixelWidth = 0.2;
		imp.getCalibration().pixelHeight = 0.2;
		imp.getCalibration().pixelDepth = 1.5;
		imp.getCalibration().setUnit("micron");
		Path p = dir.resolve("stack.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(p.toString()));
		VolumeFile vf = VolumeReader.read(p);
		assertEquals("TIFF", vf.format());
		assertEquals(4, vf.volume().depth());
		assertEquals(777, vf.volume().get(1, 1, 2));
		assertEquals(new Spacing(0.2, 0.2, 1.5, "\u00b5m"), vf.volume().spacing());
		assertEquals(NiftiHeader.UNITS_MICRON, vf.geometry().spaceUnits());
		assertEquals(1.5, vf.geometry().sformMatrix()[2][2], 1e-12);
		assertTrue(vf.warnings().isEmpty());
	}

	@Test
	void hyperstackTiffReadsChannelOneWithAWarning() throws IOException {
		ImagePlus imp = IJ.createHyperStack("h", 2, 2, 2, 3, 1, 32);
		imp.getStack().getProcessor(imp.getStackIndex(2, 1, 1)).setf(0, 5);
		imp.getStack().getProcessor(imp.getStackIndex(1, 1, 1)).setf(0, 9);
		Path p = dir.resolve("hyper.tiff");
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		VolumeFile vf = VolumeReader.read(p);
		assertEquals(3, vf.volume().depth());
		assertEquals(9, vf.volume().get(0, 0, 0));
		assertEquals(List.of("image has 2 channels; read channel 1"), vf.warnings());
	}

	@Test
	void rgbTiffIsAClearError() throws IOException {
		Path p = dir.resolve("photo.tif");
		assertTrue(new FileSaver(IJ.createImage("rgb", "RGB white", 4, 4, 1)).saveAsTiff(p.toString()));
		assertEquals("photo.tif: RGB images are not supported; convert to 8-bit or split channels first", error(p));
	}

	/** Writes 4 CT slices 3x2 at z = -50 + 2.5k; pixel 0 of slice k holds 100k + 24 (HU 100k - 1000). */
	private Path dicomSeries(String name, int[] instanceOfSlice) throws IOException {
		Path folder = Files.createDirectory(dir.resolve(name));
		for (int k = 0; k < 4; k++) {
			HandMadeDicom d = new HandMadeDicom();
			d.instance = instanceOfSlice[k];
			d.position = new double[] { -100, -80, -50 + 2.5 * k };
			d.pixels = new short[] { (short) (100 * k + 24), 1024, 0, 0, 0, (short) -1000 };
			// file names in neither position nor instance order
			d.write(folder.resolve("IM" + (7 - k) + ".dcm"));
		}
		return folder;
	}

	@Test
	void dicomFolderKeepsImageJsInstanceOrderWhenPositionsAgree() throws IOException {
		// instance 1 at the top (largest z), as scanners usually number them
		VolumeFile vf = VolumeReader.read(dicomSeries("ct", new int[] { 4, 3, 2, 1 }));
		assertEquals("DICOM series", vf.format());
		Volume v = vf.volume();
		assertEquals(4, v.depth());
		for (int z = 0; z < 4; z++) assertEquals(100 * (3 - z) - 1000, v.get(0, 0, z), "slice " + z + " in instance order, in HU");
		assertEquals(0, v.get(1, 0, 0), "1024 raw is 0 HU");
		assertEquals(-2024, v.get(2, 1, 0), "signed raw value -1000 is -2024 HU");
		assertEquals(new Spacing(0.6, 0.7, 2.5, "mm"), v.spacing());
		// geometry: DICOM LPS to NIfTI RAS, slices from z = -42.5 downwards
		double[][] expected = { { -0.6, 0, 0, 100 }, { 0, -0.7, 0, 80 }, { 0, 0, -2.5, -42.5 } };
		for (int i = 0; i < 3; i++) {
			assertArrayEquals(expected[i], vf.geometry().sformMatrix()[i], 1e-9, "sform row " + i);
			assertArrayEquals(expected[i], vf.geometry().qformMatrix()[i], 1e-6, "qform row " + i);
		}
		assertTrue(vf.warnings().isEmpty(), vf.warnings().toString());
	}

	@Test
	void dicomFolderIsSortedByPositionWhenInstanceNumbersDisagree() throws IOException {
		VolumeFile vf = VolumeReader.read(dicomSeries("shuffled", new int[] { 2, 4, 1, 3 }));
		for (int z = 0; z < 4; z++) assertEquals(100 * z - 1000, vf.volume().get(0, 0, z), "slice " + z + " by position");
		assertEquals(2.5, vf.volume().spacing().z(), 1e-12);
		assertEquals(-50, vf.geometry().sformMatrix()[2][3], 1e-9);
		assertEquals(2.5, vf.geometry().sformMatrix()[2][2], 1e-9);
	}

	@Test
	void dicomFolderProblems() throws IOException {
		Path mixed = dicomSeries("mixed", new int[] { 1, 2, 3, 4 });
		HandMadeDicom other = new HandMadeDicom();
		other.seriesUid = "1.2.826.0.1.3680043.2.1125.1.2";
		other.instance = 5;
		other.position = new double[] { -100, -80, -40 };
		other.write(mixed.resolve("IM9.dcm"));
		assertEquals("mixed: folder holds 2 DICOM series; put each series in its own folder", error(mixed));

		Path twice = dicomSeries("twice", new int[] { 1, 2, 3, 4 });
		HandMadeDicom echo = new HandMadeDicom();
		echo.instance = 5;
		echo.position = new double[] { -100, -80, -50 };
		echo.write(twice.resolve("IM9.dcm"));
		assertTrue(error(twice).startsWith("twice: several DICOM slices share one position"));

		Path empty = Files.createDirectory(dir.resolve("empty"));
		assertEquals("empty: no DICOM or other image files that ImageJ can read in this folder", error(empty));
	}

	@Test
	void singleDicomFile() throws IOException {
		HandMadeDicom d = new HandMadeDicom();
		d.pixels = new short[] { 1024, 1034, 0, 0, 0, 0 };
		VolumeFile vf = VolumeReader.read(d.write(dir.resolve("one.dcm")));
		assertEquals("DICOM", vf.format());
		assertEquals(10, vf.volume().get(1, 0, 0));
		assertEquals(0.6, vf.volume().spacing().x(), 1e-12);
	}

	@Test
	void badInput() throws IOException {
		assertEquals("gone.nii.gz: no such file or folder", error(dir.resolve("gone.nii.gz")));
		Path txt = Files.writeString(dir.resolve("notes.txt"), "hello, this is no image");
		assertEquals("notes.txt: unsupported file type; expected .nii, .nii.gz, .tif, .tiff, .dcm or a folder of DICOM files", error(txt));
		Path fakeTiff = Files.writeString(dir.resolve("fake.tif"), "II* but then nothing sensible at all");
		assertTrue(error(fakeTiff).startsWith("fake.tif: ImageJ could not read this TIFF file"), error(fakeTiff));
		Path cut = dir.resolve("cut.nii.gz");
		Files.write(cut, java.util.Arrays.copyOf(HandMadeNifti.gzip(new HandMadeNifti(1, ByteOrder.LITTLE_ENDIAN).dims(50, 50, 50).bytes()), 100));
		assertTrue(error(cut).startsWith("cut.nii.gz: file ends after"), error(cut));
	}
}

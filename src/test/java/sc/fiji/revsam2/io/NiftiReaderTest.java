package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/** Reading files laid out byte by byte as other tools write them, and every kind of bad input. */
class NiftiReaderTest {

	@TempDir
	Path dir;

	private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN, BE = ByteOrder.BIG_ENDIAN;

	/** A 3x2x2 int16 volume whose voxel (x, y, z) is stored as 100*z + 10*y + x - 50. */
	private HandMadeNifti int16Volume(int version, ByteOrder order) {
		HandMadeNifti f = new HandMadeNifti(version, order).type(4, 16).dims(3, 2, 2);
		ByteBuffer b = f.dataBuffer(3 * 2 * 2 * 2);
		for (int z = 0; z < 2; z++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) b.putShort((short) (100 * z + 10 * y + x - 50));
		return f.data(b);
	}

	private static void assertInt16Volume(Volume v, double slope, double inter) {
		assertEquals(3, v.width());
		assertEquals(2, v.height());
		assertEquals(2, v.depth());
		for (int z = 0; z < 2; z++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) {
			assertEquals((float) ((100 * z + 10 * y + x - 50) * slope + inter), v.get(x, y, z), 0, "voxel " + x + "," + y + "," + z);
		}
	}

	@Test
	void readsLittleAndBigEndianNifti1AndNifti2() throws IOException {
		for (int version : new int[] { 1, 2 }) {
			for (ByteOrder order : new ByteOrder[] { LE, BE }) {
				Path p = int16Volume(version, order).write(dir.resolve("v" + version + order + ".nii"));
				NiftiImage img = NiftiReader.read(p);
				assertInt16Volume(img.volume(), 1, 0);
				assertEquals(version == 1 ? NiftiVersion.NIFTI1 : NiftiVersion.NIFTI2, img.header().version());
				assertEquals(order, img.header().byteOrder());
				assertEquals(NiftiDataType.INT16, img.header().dataType());
				assertTrue(img.warnings().isEmpty(), img.warnings().toString());
			}
		}
	}

	@Test
	void appliesSclSlopeAndInterButNotAZeroOrNanSlope() throws IOException {
		HandMadeNifti f = int16Volume(1, BE);
		f.sclSlope = 2;
		f.sclInter = -1024;
		assertInt16Volume(NiftiReader.read(f.write(dir.resolve("scaled.nii"))).volume(), 2, -1024);

		f.sclSlope = 0; // "no scaling", whatever the intercept says
		f.sclInter = 7;
		assertInt16Volume(NiftiReader.read(f.write(dir.resolve("zero.nii"))).volume(), 1, 0);

		HandMadeNifti g = int16Volume(2, LE);
		g.sclSlope = Double.NaN; // nibabel writes NaN for "unset"
		g.sclInter = Double.NaN;
		assertInt16Volume(NiftiReader.read(g.write(dir.resolve("nan.nii"))).volume(), 1, 0);

		HandMadeNifti h = int16Volume(2, LE);
		h.sclSlope = 0.5;
		h.sclInter = 3;
		assertInt16Volume(NiftiReader.read(h.writeGzip(dir.resolve("scaled2.nii.gz"))).volume(), 0.5, 3);
	}

	@Test
	void readsEverySupportedDataType() throws IOException {
		// code, bitpix, values as stored
		Object[][] cases = {
				{ 2, 8, new double[] { 0, 1, 128, 255 } },
				{ 256, 8, new double[] { -128, -1, 0, 127 } },
				{ 4, 16, new double[] { -32768, -1, 0, 32767 } },
				{ 512, 16, new double[] { 0, 1, 32768, 65535 } },
				{ 8, 32, new double[] { -2147483648.0, -1, 0, 2147483647.0 } },
				{ 768, 32, new double[] { 0, 1, 2147483648.0, 4294967295.0 } },
				{ 1024, 64, new double[] { -9007199254740992.0, -1, 0, 9007199254740992.0 } },
				{ 1280, 64, new double[] { 0, 1, 9223372036854775808.0, 18446744073709549568.0 } },
				{ 16, 32, new double[] { -1.5f, 0, 3.25f, Float.MAX_VALUE } },
				{ 64, 64, new double[] { -1e-3, 0, 2.5, 1e30 } } };
		for (ByteOrder order : new ByteOrder[] { LE, BE }) {
			for (Object[] c : cases) {
				int code = (Integer) c[0], bitpix = (Integer) c[1];
				double[] values = (double[]) c[2];
				HandMadeNifti f = new HandMadeNifti(1, order).type(code, bitpix).dims(2, 2);
				ByteBuffer b = f.dataBuffer(4 * bitpix / 8);
				for (double v : values) put(b, code, v);
				f.data(b);
				Path p = f.writeGzip(dir.resolve("t" + code + order + ".nii.gz"));
				NiftiImage img = NiftiReader.read(p);
				assertEquals(NiftiDataType.fromCode(code), img.header().dataType());
				float[] expected = new float[4];
				for (int i = 0; i < 4; i++) expected[i] = (float) values[i];
				assertArrayEquals(expected, img.volume().slice(0), NiftiDataType.fromCode(code) + " " + order);
			}
		}
	}

	private static void put(ByteBuffer b, int code, double v) {
		switch (code) {
			case 2: case 256: b.put((byte) (long) v); break;
			case 4: case 512: b.putShort((short) (long) v); break;
			case 8: case 768: b.putInt((int) (long) v); break;
			case 1024: b.putLong((long) v); break;
			case 1280: b.putLong(new java.math.BigDecimal(v).toBigInteger().longValue()); break;
			case 16: b.putFloat((float) v); break;
			case 64: b.putDouble(v); break;
			default: throw new IllegalArgumentException();
		}
	}

	@Test
	void readsTheFirstVolumeOfA4dFileAndSaysSo() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, LE).type(2, 8).dims(2, 2, 2, 3);
		ByteBuffer b = f.dataBuffer(2 * 2 * 2 * 3);
		for (int i = 0; i < 24; i++) b.put((byte) i);
		f.data(b);
		Path p = f.writeGzip(dir.resolve("fmri.nii.gz"));
		NiftiImage img = NiftiReader.read(p);
		assertEquals(2, img.volume().depth());
		assertArrayEquals(new float[] { 4, 5, 6, 7 }, img.volume().slice(1));
		assertEquals(4, img.header().rank());
		assertEquals(3, img.header().volumeCount());
		assertEquals(1, img.warnings().size());
		assertEquals("file has 3 volumes (2x2x2x3); read the first only", img.warnings().get(0));
	}

	@Test
	void reads2dImagesAndSkipsExtensions() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, LE).type(16, 32).dims(2, 3);
		f.extension = new byte[] { 1, 0, 0, 0, 32, 0, 0, 0, 4, 0, 0, 0, 'h', 'e', 'l', 'l', 'o', ' ', 'e', 'x', 't', 'e', 'n', 's', 'i', 'o', 'n', '!', 0, 0, 0, 0 };
		f.voxOffset = 400; // extension plus padding
		ByteBuffer b = f.dataBuffer(6 * 4);
		for (int i = 0; i < 6; i++) b.putFloat(i * 0.5f);
		f.data(b);
		NiftiImage img = NiftiReader.read(f.writeGzip(dir.resolve("ext.nii.gz")));
		assertEquals(1, img.volume().depth());
		assertArrayEquals(new float[] { 0, 0.5f, 1, 1.5f, 2, 2.5f }, img.volume().slice(0));
		assertEquals(400, img.header().voxOffset());
		assertEquals(1, img.volume().spacing().z());
	}

	@Test
	void keepsGeometryFieldsAndComputesTheAffine() throws IOException {
		HandMadeNifti f = int16Volume(1, BE);
		f.pixdim = new double[] { -1, 0.75, 0.5, 2.5, 0, 0, 0, 0 };
		f.xyztUnits = NiftiHeader.UNITS_MM | NiftiHeader.UNITS_SEC;
		f.qformCode = 1;
		f.quaternB = 0;
		f.quaternC = 0;
		f.quaternD = 1; // 180 degrees about z: x and y flip
		f.qoffsetX = 10;
		f.qoffsetY = -20;
		f.qoffsetZ = 30;
		f.sformCode = 2;
		f.srow = new double[][] { { -0.75, 0, 0, 10 }, { 0, -0.5, 0, -20 }, { 0, 0, -2.5, 30 } };
		f.descrip = "made by hand";
		NiftiHeader h = NiftiReader.read(f.write(dir.resolve("geom.nii"))).header();
		assertEquals(-1, h.pixdim(0));
		assertEquals(-1, h.qfac());
		assertEquals(0.75, h.pixdim(1));
		assertEquals(NiftiHeader.UNITS_MM, h.spaceUnits());
		assertEquals(NiftiHeader.UNITS_SEC, h.timeUnits());
		assertEquals(1, h.qformCode());
		assertEquals(2, h.sformCode());
		assertEquals(1, h.quaternD());
		assertEquals(30, h.qoffsetZ());
		assertArrayEquals(new double[] { 0, -0.5, 0, -20 }, h.srowY());
		assertEquals("made by hand", h.descrip());
		double[][] q = h.qformMatrix();
		double[][] expected = { { -0.75, 0, 0, 10 }, { 0, -0.5, 0, -20 }, { 0, 0, -2.5, 30 }, { 0, 0, 0, 1 } };
		for (int i = 0; i < 4; i++) assertArrayEquals(expected[i], q[i], 1e-9, "qform row " + i);
		for (int i = 0; i < 4; i++) assertArrayEquals(expected[i], h.affine()[i], 1e-9, "affine row " + i);
		var s = h.spacing();
		assertEquals(0.75, s.x());
		assertEquals(0.5, s.y());
		assertEquals(2.5, s.z());
		assertEquals("mm", s.unit());
	}

	@Test
	void spacingUnitsFromXyztUnits() throws IOException {
		int[] codes = { NiftiHeader.UNITS_MICRON, NiftiHeader.UNITS_METER, NiftiHeader.UNITS_MM, NiftiHeader.UNITS_UNKNOWN };
		String[] units = { "\u00b5m", "m", "mm", "mm" };
		for (int i = 0; i < codes.length; i++) {
			HandMadeNifti f = int16Volume(2, LE);
			f.xyztUnits = codes[i] | NiftiHeader.UNITS_MSEC;
			f.pixdim = new double[] { 1, 0.25, 0.25, 3, 0, 0, 0, 0 };
			Volume v = NiftiReader.read(f.write(dir.resolve("u" + i + ".nii"))).volume();
			assertEquals(units[i], v.spacing().unit());
			assertEquals(0.25, v.spacing().x());
			assertEquals(3, v.spacing().z());
		}
	}

	@Test
	void zeroPixdimFallsBackToOneWithAWarning() throws IOException {
		HandMadeNifti f = int16Volume(1, LE);
		f.pixdim = new double[] { 1, 0.5, 0.5, 0, 0, 0, 0, 0 };
		NiftiImage img = NiftiReader.read(f.write(dir.resolve("p.nii")));
		assertEquals(1, img.volume().spacing().z());
		assertEquals(0.5, img.volume().spacing().x());
		assertEquals("pixdim[3] is 0.0; voxel size 1 used along z", img.warnings().get(0));
	}

	@Test
	void readsHdrImgPairs() throws IOException {
		HandMadeNifti f = int16Volume(1, BE);
		f.magic = "ni1";
		f.voxOffset = 0;
		Files.write(dir.resolve("pair.hdr"), f.header());
		Files.write(dir.resolve("pair.img"), f.data);
		assertInt16Volume(NiftiReader.read(dir.resolve("pair.hdr")).volume(), 1, 0);
		assertInt16Volume(NiftiReader.read(dir.resolve("pair.img")).volume(), 1, 0);
		assertTrue(NiftiReader.readHeader(dir.resolve("pair.hdr")).pairedFiles());
		Files.delete(dir.resolve("pair.img"));
		VolumeIOException e = assertThrows(VolumeIOException.class, () -> NiftiReader.read(dir.resolve("pair.hdr")));
		assertEquals("pair.hdr: the header says the voxels are in a separate file, but pair.img was not found next to it", e.getMessage());
	}

	@Test
	void gzipIsRecognisedByContentNotName() throws IOException {
		Path plainNamedGz = int16Volume(1, LE).write(dir.resolve("plain.nii.gz"));
		assertInt16Volume(NiftiReader.read(plainNamedGz).volume(), 1, 0);
		Path gzNamedPlain = int16Volume(1, LE).writeGzip(dir.resolve("gz.nii"));
		assertInt16Volume(NiftiReader.read(gzNamedPlain).volume(), 1, 0);
	}

	@Test
	void readsLabels() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, LE).type(2, 8).dims(2, 2, 1);
		f.data = new byte[] { 0, 1, 2, (byte) 200 };
		LabelVolume l = NiftiReader.readLabels(f.writeGzip(dir.resolve("labels.nii.gz")));
		assertArrayEquals(new int[] { 1, 2, 200 }, l.labels());
		HandMadeNifti g = new HandMadeNifti(1, LE).type(16, 32).dims(2, 1);
		g.data(g.dataBuffer(8).putFloat(1).putFloat(2.5f));
		VolumeIOException e = assertThrows(VolumeIOException.class, () -> NiftiReader.readLabels(g.write(dir.resolve("notlabels.nii"))));
		assertEquals("notlabels.nii: voxel (1, 0, 0) has value 2.5; labels must be whole numbers 0 to 65535 (is this an intensity image?)", e.getMessage());
	}

	// ---- bad input ----

	private String error(Path p) {
		return assertThrows(VolumeIOException.class, () -> NiftiReader.read(p)).getMessage();
	}

	@Test
	void truncatedPlainFileIsReportedWithByteCounts() throws IOException {
		byte[] full = int16Volume(1, LE).bytes(); // 352 + 24 bytes
		Path p = dir.resolve("cut.nii");
		Files.write(p, Arrays.copyOf(full, 352 + 10));
		assertEquals("cut.nii: file ends after 10 of 24 voxel bytes (truncated download?)", error(p));
		Files.write(p, Arrays.copyOf(full, 200));
		assertEquals("cut.nii: file ends after 200 of the 348 header bytes (truncated download?)", error(p));
		Files.write(p, new byte[0]);
		assertEquals("cut.nii: file is empty", error(p));
	}

	@Test
	void truncatedGzipIsReportedWithByteCounts() throws IOException {
		// large enough that the cut lands inside the deflated voxel data
		HandMadeNifti f = new HandMadeNifti(1, LE).type(16, 32).dims(64, 64, 64);
		ByteBuffer b = f.dataBuffer(64 * 64 * 64 * 4);
		java.util.Random r = new java.util.Random(1);
		while (b.hasRemaining()) b.putFloat(r.nextFloat());
		byte[] gz = HandMadeNifti.gzip(f.data(b).bytes());
		Path p = dir.resolve("query.nii.gz");
		Files.write(p, Arrays.copyOf(gz, gz.length / 2));
		String m = error(p);
		assertTrue(m.matches("query\\.nii\\.gz: file ends after [0-9,]+ of 1,048,576 voxel bytes \\(truncated download\\?\\)"), m);
		// only the trailer missing: data complete, but the file is damaged
		Files.write(p, Arrays.copyOf(gz, gz.length - 8));
		NiftiImage img = NiftiReader.read(p);
		assertEquals(64, img.volume().depth());
		assertTrue(img.warnings().get(0).contains("without its trailer"), img.warnings().toString());
	}

	@Test
	void corruptGzipIsReported() throws IOException {
		HandMadeNifti f = new HandMadeNifti(1, LE).type(16, 32).dims(64, 64, 16);
		ByteBuffer b = f.dataBuffer(64 * 64 * 16 * 4);
		java.util.Random r = new java.util.Random(2);
		while (b.hasRemaining()) b.putFloat(r.nextFloat());
		byte[] gz = HandMadeNifti.gzip(f.data(b).bytes());
		Path p = dir.resolve("corrupt.nii.gz");
		byte[] bad = gz.clone();
		for (int i = gz.length / 3; i < gz.length / 3 + 64; i++) bad[i] ^= 0x5a;
		Files.write(p, bad);
		String m = error(p);
		assertTrue(m.startsWith("corrupt.nii.gz: corrupt gzip data"), m);
		// a flipped byte that deflate cannot notice is caught by the CRC in the trailer
		byte[] crc = gz.clone();
		crc[crc.length - 6] ^= 1;
		Files.write(p, crc);
		m = error(p);
		assertTrue(m.startsWith("corrupt.nii.gz: corrupt gzip data: the checksum does not match"), m);
	}

	@Test
	void unsupportedDataTypesAreNamed() throws IOException {
		Path p = new HandMadeNifti(1, LE).type(128, 24).dims(2, 2).write(dir.resolve("rgb.nii"));
		assertEquals("rgb.nii: unsupported data type rgb24 (code 128); only scalar images can be read (convert RGB or complex images to one channel first)", error(p));
		p = new HandMadeNifti(2, BE).type(32, 64).dims(2, 2).write(dir.resolve("complex.nii"));
		assertTrue(error(p).startsWith("complex.nii: unsupported data type complex64 (code 32)"));
		assertEquals(NiftiDataType.RGB24, NiftiReader.readHeader(dir.resolve("rgb.nii")).dataType(), "the header alone can still be read");
		p = new HandMadeNifti(1, LE).type(999, 8).dims(2, 2).write(dir.resolve("unknown.nii"));
		assertEquals("unknown.nii: bad header: unknown data type code 999", error(p));
	}

	@Test
	void badDimsAreReported() throws IOException {
		HandMadeNifti f = int16Volume(1, LE);
		f.dim[2] = 0;
		assertEquals("zero.nii: bad header: dim[2] is 0 (image sizes must be positive; corrupt file?)", error(f.write(dir.resolve("zero.nii"))));
		HandMadeNifti g = int16Volume(2, BE);
		g.dim[0] = 9;
		assertEquals("rank.nii: bad header: dim[0] is 9 (the number of dimensions must be 1 to 7; corrupt file?)", error(g.write(dir.resolve("rank.nii"))));
		HandMadeNifti h = int16Volume(1, LE);
		h.dim[3] = -5;
		assertEquals("neg.nii.gz: bad header: dim[3] is -5 (image sizes must be positive; corrupt file?)", error(h.writeGzip(dir.resolve("neg.nii.gz"))));
	}

	@Test
	void aHeaderThatPromisesHugeDataFailsWithoutAllocatingIt() throws IOException {
		// 1000^3 uint8 fits the memory check (4 GB of floats under -Xmx6g) but the file holds
		// only a few bytes: the reader must fail on the missing bytes, not allocate 4 GB first
		HandMadeNifti f = new HandMadeNifti(1, LE).type(2, 8).dims(1000, 1000, 1000);
		f.data = new byte[5000];
		assertEquals("big.nii.gz: file ends after 5,000 of 1,000,000,000 voxel bytes (truncated download?)", error(f.writeGzip(dir.resolve("big.nii.gz"))));
		assertEquals("big.nii: file ends after 5,000 of 1,000,000,000 voxel bytes (truncated download?)", error(f.write(dir.resolve("big.nii"))));
		HandMadeNifti g = new HandMadeNifti(2, LE).type(16, 32).dims(100000, 100000, 100000);
		String m = error(g.write(dir.resolve("huge.nii")));
		assertTrue(m.startsWith("huge.nii: image of 100000x100000x100000 voxels is too large"), m);
	}

	@Test
	void otherBadInput() throws IOException {
		assertEquals("missing.nii.gz: no such file", error(dir.resolve("missing.nii.gz")));
		Files.createDirectory(dir.resolve("folder.nii"));
		assertEquals("folder.nii: is a folder, not a NIfTI file", error(dir.resolve("folder.nii")));
		Path p = dir.resolve("text.nii");
		Files.writeString(p, "this is not an image at all");
		assertEquals("text.nii: not a NIfTI file (header size field is 1936287860, expected 348 for NIfTI-1 or 540 for NIfTI-2)", error(p));
		HandMadeNifti f = int16Volume(1, LE);
		f.magic = "";
		assertTrue(error(f.write(dir.resolve("analyze.nii"))).startsWith("analyze.nii: Analyze 7.5 header without NIfTI magic"));
		HandMadeNifti g = int16Volume(1, LE);
		g.voxOffset = 100;
		assertEquals("off.nii: bad header: vox_offset 100 points inside the 348-byte header", error(g.write(dir.resolve("off.nii"))));
		byte[] n2 = int16Volume(2, LE).bytes();
		n2[8] = '\n'; // the CR of "\r\n\032\n" lost in a text-mode transfer
		Files.write(p, n2);
		assertTrue(error(p).startsWith("text.nii: damaged NIfTI-2 header"));
		byte[] cutGzipHeader = Arrays.copyOf(HandMadeNifti.gzip(int16Volume(1, LE).bytes()), 5);
		Files.write(p, cutGzipHeader);
		assertEquals("text.nii: file ends inside the gzip header (truncated download?)", error(p));
	}

	@Test
	void interruptedReadStopsWithAClearMessage() throws IOException {
		Path p = int16Volume(1, LE).write(dir.resolve("i.nii"));
		Thread.currentThread().interrupt();
		try {
			assertEquals("i.nii: reading was interrupted", error(p));
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
		} finally {
			Thread.interrupted();
		}
		assertFalse(Thread.currentThread().isInterrupted());
	}
}

package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** Round trips through the writer and the reader, and what the writer refuses. */
class NiftiWriterTest {

	@TempDir
	Path dir;

	/** A 4x3x2 volume with values that every data type can hold (0..23, times 2 for the 8-bit range). */
	private static Volume small(Spacing spacing, boolean signed) {
		Volume v = Volume.zeros(4, 3, 2, spacing);
		for (int z = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) v.set(x, y, z, (x + 4 * y + 12 * z) * 5 - (signed ? 60 : 0));
		return v;
	}

	private static void assertSameVoxels(Volume expected, Volume actual, String what) {
		assertEquals(expected.width(), actual.width(), what);
		assertEquals(expected.height(), actual.height(), what);
		assertEquals(expected.depth(), actual.depth(), what);
		for (int z = 0; z < expected.depth(); z++) assertArrayEquals(expected.slice(z), actual.slice(z), what + " slice " + z);
	}

	@Test
	void everyDataTypeVersionByteOrderAndCompressionRoundTrips() throws IOException {
		NiftiDataType[] types = { NiftiDataType.UINT8, NiftiDataType.INT8, NiftiDataType.INT16, NiftiDataType.UINT16, NiftiDataType.INT32, NiftiDataType.UINT32,
				NiftiDataType.INT64, NiftiDataType.UINT64, NiftiDataType.FLOAT32, NiftiDataType.FLOAT64 };
		Spacing spacing = new Spacing(0.5, 0.75, 2, "mm");
		for (NiftiDataType t : types) {
			boolean signed = t.min() < 0;
			Volume v = small(spacing, signed);
			if (!t.isInteger()) v.set(1, 1, 1, -3.25f);
			for (NiftiVersion version : NiftiVersion.values()) {
				for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
					for (String ext : new String[] { ".nii", ".nii.gz" }) {
						String what = t + " " + version + " " + order + " " + ext;
						Path p = dir.resolve(t + "-" + version + "-" + order + ext);
						NiftiWriter w = NiftiWriter.defaults().withVersion(version).withByteOrder(order);
						NiftiHeader written = w.write(p, v, null, t);
						NiftiImage back = NiftiReader.read(p);
						assertSameVoxels(v, back.volume(), what);
						assertEquals(t, back.header().dataType(), what);
						assertEquals(version, back.header().version(), what);
						assertEquals(order, back.header().byteOrder(), what);
						assertEquals(spacing, back.volume().spacing(), what);
						assertEquals(written, back.header(), what);
						assertTrue(back.warnings().isEmpty(), what + back.warnings());
					}
				}
			}
		}
	}

	@Test
	void writtenFilesHaveTheStandardLayout() throws IOException {
		Path p = dir.resolve("be.nii");
		NiftiWriter.defaults().withByteOrder(ByteOrder.BIG_ENDIAN).write(p, small(Spacing.UNIT, false));
		byte[] b = Files.readAllBytes(p);
		assertEquals(352 + 4 * 3 * 2 * 4, b.length);
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
		assertEquals(348, bb.getInt(0));
		assertEquals(16, bb.getShort(70)); // float32
		assertEquals(352f, bb.getFloat(108));
		assertEquals("n+1", new String(b, 344, 3, "US-ASCII"));
		assertEquals(0, b[347]);
		assertEquals(5f, bb.getFloat(352 + 4)); // voxel (1, 0, 0)

		Path p2 = dir.resolve("le2.nii.gz");
		NiftiWriter.defaults().withVersion(NiftiVersion.NIFTI2).write(p2, small(Spacing.UNIT, false));
		byte[] raw;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(p2))) {
			raw = in.readAllBytes();
		}
		ByteBuffer b2 = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(540, b2.getInt(0));
		assertEquals(544, b2.getLong(168));
		assertEquals(4, b2.getLong(24)); // dim[1]
		assertEquals(544 + 4 * 3 * 2 * 4, raw.length);
	}

	@Test
	void everyHeaderFieldRoundTripsThroughAnExactWrite() throws IOException {
		for (NiftiVersion version : NiftiVersion.values()) {
			for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
				NiftiHeader h = NiftiHeader.builder().version(version).byteOrder(order).voxOffset(version.dataOffset()).size(4, 3, 2)
						.pixdims(new double[] { -1, 0.5, 0.75, 2.5, 1.5, 0, 0, 0 }).dataType(NiftiDataType.INT16).scaling(0.5, -1024)
						.calRange(-100, 400).intent(0, 0, 0, 0, "").dimInfo(0x39).sliceTiming(1, 0, 1, 0.25).toffset(1.5)
						.xyztUnits(NiftiHeader.UNITS_MICRON | NiftiHeader.UNITS_MSEC).descrip("round trip").auxFile("aux.txt")
						.qform(NiftiHeader.XFORM_SCANNER_ANAT, 0.5, -0.5, 0.5, 12.5, -7.25, 3, -1)
						.sform(NiftiHeader.XFORM_ALIGNED_ANAT, new double[][] { { 0.5, 0, 0, 1 }, { 0, 0.75, 0, 2 }, { 0, 0, -2.5, 3 } }).build();
				Volume v = small(h.spacing(), true);
				for (String ext : new String[] { ".nii", ".nii.gz" }) {
					Path p = dir.resolve("exact-" + version + order + ext);
					NiftiWriter.writeExactly(p, h, v);
					NiftiImage back = NiftiReader.read(p);
					assertEquals(h, back.header(), version + " " + order + ext);
					assertSameVoxels(v, back.volume(), version + " " + order + ext);
					assertEquals(NiftiHeader.MICRON, back.volume().spacing().unit());
				}
			}
		}
	}

	@Test
	void intTypesWithTheSourceScalingKeepTheStoredValues() throws IOException {
		// an int16 CT with slope/intercept read and written back "as the source" keeps its raw bytes
		HandMadeNifti f = new HandMadeNifti(1, ByteOrder.LITTLE_ENDIAN).type(4, 16).dims(2, 2, 1);
		f.sclSlope = 1;
		f.sclInter = -1024;
		f.data(f.dataBuffer(8).putShort((short) 0).putShort((short) 1024).putShort((short) 2000).putShort((short) 4095));
		Path src = f.write(dir.resolve("ct.nii"));
		NiftiImage ct = NiftiReader.read(src);
		assertArrayEquals(new float[] { -1024, 0, 976, 3071 }, ct.volume().slice(0));
		Path out = dir.resolve("ct-copy.nii");
		NiftiWriter.defaults().write(out, ct.volume(), ct.header(), ct.header().dataType());
		byte[] a = Files.readAllBytes(src), b = Files.readAllBytes(out);
		assertArrayEquals(java.util.Arrays.copyOfRange(a, 352, a.length), java.util.Arrays.copyOfRange(b, 352, b.length));
		NiftiHeader h = NiftiReader.readHeader(out);
		assertEquals(1, h.sclSlope());
		assertEquals(-1024, h.sclInter());
	}

	@Test
	void labelsAreWrittenWithTheReferenceGeometry() throws IOException {
		// the reference: a big-endian NIfTI-2 with an oblique qform and an sform, written by "another tool"
		HandMadeNifti f = new HandMadeNifti(2, ByteOrder.BIG_ENDIAN).type(4, 16).dims(4, 3, 2);
		f.data(f.dataBuffer(48));
		f.pixdim = new double[] { -1, 0.8, 0.8, 3, 0, 0, 0, 0 };
		f.xyztUnits = NiftiHeader.UNITS_MM;
		f.qformCode = 1;
		f.quaternB = 0.1;
		f.quaternC = 0.2;
		f.quaternD = 0.3;
		f.qoffsetX = -90;
		f.qoffsetY = 120.5;
		f.qoffsetZ = -60;
		f.sformCode = 4;
		f.srow = new double[][] { { -0.8, 0.01, 0, -90 }, { 0, 0.8, 0.02, 120.5 }, { 0.03, 0, 3, -60 } };
		Path ref = f.write(dir.resolve("image.nii"));
		NiftiHeader rh = NiftiReader.readHeader(ref);

		LabelVolume labels = LabelVolume.zeros(4, 3, 2, null);
		labels.set(1, 2, 1, 3);
		labels.set(0, 0, 0, 255);
		Path out = dir.resolve("labels.nii.gz");
		NiftiWriter.defaults().write(out, labels, rh);
		NiftiHeader lh = NiftiReader.readHeader(out);
		assertEquals(NiftiDataType.UINT8, lh.dataType());
		assertEquals(NiftiHeader.INTENT_LABEL, lh.intentCode());
		assertEquals(NiftiVersion.NIFTI1, lh.version(), "the writer's version, not the reference's");
		assertEquals(rh.qformCode(), lh.qformCode());
		assertEquals(rh.sformCode(), lh.sformCode());
		for (int i = 0; i < 4; i++) {
			// NIfTI-1 stores floats: equal to float precision
			assertArrayEquals(rh.qformMatrix()[i], lh.qformMatrix()[i], 1e-5, "qform row " + i);
			assertArrayEquals(rh.sformMatrix()[i], lh.sformMatrix()[i], 1e-5, "sform row " + i);
		}
		assertEquals(-1, lh.pixdim(0));
		assertEquals(rh.xyztUnits(), lh.xyztUnits());
		LabelVolume back = NiftiReader.readLabels(out);
		assertEquals(3, back.get(1, 2, 1));
		assertEquals(255, back.get(0, 0, 0));
		assertEquals(new Spacing(0.8f, 0.8f, 3, "mm"), back.spacing());

		// NIfTI-2 output keeps the reference's doubles exactly
		Path out2 = dir.resolve("labels2.nii");
		labels.set(2, 2, 1, 300);
		NiftiWriter.defaults().withVersion(NiftiVersion.NIFTI2).write(out2, labels, rh);
		NiftiHeader lh2 = NiftiReader.readHeader(out2);
		assertEquals(NiftiDataType.UINT16, lh2.dataType(), "labels above 255 need uint16");
		assertArrayEquals(rh.srowX(), lh2.srowX());
		assertEquals(rh.quaternC(), lh2.quaternC());
		assertEquals(300, NiftiReader.readLabels(out2).get(2, 2, 1));
	}

	@Test
	void aSizeMismatchWithTheReferenceIsRefused() throws IOException {
		NiftiHeader ref = NiftiHeader.fromSpacing(256, 256, 24, Spacing.UNIT);
		Path out = dir.resolve("labels.nii.gz");
		VolumeIOException e = assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(out, LabelVolume.zeros(256, 256, 20, null), ref));
		assertEquals("labels.nii.gz: data are 256x256x20 but the reference image is 256x256x24", e.getMessage());
		assertFalse(Files.exists(out));
		assertEquals("labels are 2x2x1 but the image is 2x2x3", assertThrows(IllegalArgumentException.class,
				() -> LabelVolumes.requireSameSize(LabelVolume.zeros(2, 2, 1, null), Volume.zeros(2, 2, 3, null))).getMessage());
	}

	@Test
	void geometryFromSpacingAlone() throws IOException {
		Path p = dir.resolve("s.nii");
		NiftiWriter.defaults().write(p, small(new Spacing(0.05, 0.05, 0.2, "cm"), false));
		NiftiHeader h = NiftiReader.readHeader(p);
		assertEquals(NiftiHeader.XFORM_SCANNER_ANAT, h.qformCode());
		assertEquals(NiftiHeader.XFORM_SCANNER_ANAT, h.sformCode());
		assertEquals(NiftiHeader.UNITS_MM, h.spaceUnits());
		double[][] expected = { { 0.5, 0, 0, 0 }, { 0, 0.5, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } };
		for (int i = 0; i < 4; i++) {
			assertArrayEquals(expected[i], h.sformMatrix()[i], 1e-6);
			assertArrayEquals(expected[i], h.qformMatrix()[i], 1e-6);
		}
		String[][] units = { { "\u00b5m", "\u00b5m" }, { "micron", "\u00b5m" }, { "um", "\u00b5m" }, { "m", "m" }, { "pixel", "mm" } };
		for (String[] u : units) {
			NiftiWriter.defaults().write(p, small(new Spacing(1, 1, 1, u[0]), false));
			assertEquals(u[1], NiftiReader.read(p).volume().spacing().unit(), u[0]);
		}
		assertEquals(NiftiHeader.UNITS_UNKNOWN, NiftiReader.readHeader(p).spaceUnits(), "pixel is written as unknown");
		// a single slice is a 2D image
		NiftiWriter.defaults().write(p, Volume.zeros(3, 2, 1, null));
		assertEquals(2, NiftiReader.readHeader(p).rank());
	}

	@Test
	void geometryFromAnAffineKeepsTheMatrix() {
		double c = Math.cos(0.3), s = Math.sin(0.3);
		// rotated about x, z flipped (left-handed grid, qfac -1), anisotropic voxels
		double[][] affine = { { 0.7, 0, 0, 10 }, { 0, 0.7 * c, 2.5 * s, -4 }, { 0, 0.7 * s, -2.5 * c, 33 } };
		NiftiHeader h = NiftiHeader.builder().size(5, 5, 5).geometryFromAffine(1, 2, affine).build();
		assertEquals(-1, h.qfac());
		assertEquals(0.7, h.pixdim(1), 1e-12);
		assertEquals(2.5, h.pixdim(3), 1e-12);
		double[][] q = h.qformMatrix();
		for (int i = 0; i < 3; i++) assertArrayEquals(affine[i], q[i], 1e-12, "row " + i);
		assertEquals(1, h.qformCode());
		assertEquals(2, h.sformCode());
		// a 180-degree turn (a = 0) goes through the other branch of the conversion
		double[][] flip = { { -1, 0, 0, 0 }, { 0, -1, 0, 0 }, { 0, 0, 1, 0 } };
		NiftiHeader f = NiftiHeader.builder().geometryFromAffine(1, 1, flip).build();
		assertEquals(1, Math.abs(f.quaternD()), 1e-12);
		for (int i = 0; i < 3; i++) assertArrayEquals(flip[i], f.qformMatrix()[i], 1e-12);
	}

	@Test
	void valuesThatDoNotFitTheTypeAreAnErrorAndNothingIsWritten() throws IOException {
		Volume v = small(Spacing.UNIT, false);
		v.set(2, 1, 1, 300);
		Path p = dir.resolve("u8.nii");
		VolumeIOException e = assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(p, v, null, NiftiDataType.UINT8));
		assertEquals("u8.nii: voxel (2, 1, 1) has value 300.0, which does not fit uint8; write float32 instead", e.getMessage());
		v.set(2, 1, 1, Float.NaN);
		assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(p, v, null, NiftiDataType.INT16));
		assertEquals(List.of(), listDir());
	}

	@Test
	void otherRefusals() throws IOException {
		Volume v = small(Spacing.UNIT, false);
		assertEquals("v.tif: cannot write: a NIfTI file name must end in .nii or .nii.gz",
				assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(dir.resolve("v.tif"), v)).getMessage());
		assertEquals("v.nii: cannot write: folder " + dir.resolve("nope") + " does not exist",
				assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(dir.resolve("nope").resolve("v.nii"), v)).getMessage());
		Volume wide = Volume.zeros(40000, 1, 1, null);
		assertEquals("wide.nii: a size of 40000 voxels does not fit NIfTI-1 (at most 32767); write NIfTI-2",
				assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().withVersion(NiftiVersion.NIFTI1).write(dir.resolve("wide.nii"), wide)).getMessage());
		NiftiWriter.defaults().write(dir.resolve("wide.nii"), wide);
		assertEquals(NiftiVersion.NIFTI2, NiftiReader.readHeader(dir.resolve("wide.nii")).version(), "chosen automatically");
		NiftiHeader h4 = NiftiHeader.builder().size(4, 3, 2, 2).build();
		assertEquals("x.nii: header is for 4x3x2x2 voxels but the data are 4x3x2",
				assertThrows(VolumeIOException.class, () -> NiftiWriter.writeExactly(dir.resolve("x.nii"), h4, v)).getMessage());
	}

	@Test
	void overwritingReplacesTheFileAtomically() throws IOException {
		Path p = dir.resolve("v.nii.gz");
		NiftiWriter.defaults().write(p, small(Spacing.UNIT, false));
		Volume bad = small(Spacing.UNIT, false);
		bad.set(0, 0, 0, -1);
		byte[] before = Files.readAllBytes(p);
		assertThrows(VolumeIOException.class, () -> NiftiWriter.defaults().write(p, bad, null, NiftiDataType.UINT16));
		assertArrayEquals(before, Files.readAllBytes(p), "a failed write leaves the old file");
		assertEquals(List.of("v.nii.gz"), listDir(), "and no temporary file");
	}

	private List<String> listDir() throws IOException {
		try (var s = Files.list(dir)) {
			return s.map(q -> q.getFileName().toString()).sorted().toList();
		}
	}
}

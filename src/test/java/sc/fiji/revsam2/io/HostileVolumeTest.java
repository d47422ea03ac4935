package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes that declare more than they hold or than the memory can take (issue 12, items 5 and 6). */
class HostileVolumeTest {

	@TempDir
	Path tmp;

	private static VolumeIOException refused(Path file, String... words) {
		VolumeIOException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(VolumeIOException.class, () -> VolumeReader.read(file)));
		for (String w : words) assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
		return e;
	}

	@Test
	void thinNiftiIsRefusedByWhatItsSlicesCost() throws IOException {
		// 300 million one-voxel slices: 1.2 GB as bare floats, but about 9.6 GB as float[] objects
		long nz = 300_000_000L;
		assertTrue(4.0 * nz < Runtime.getRuntime().maxMemory() && 32.0 * nz > Runtime.getRuntime().maxMemory(), "test needs a heap between 1.2 and 9.6 GB");
		Path f = new HandMadeNifti(2, ByteOrder.LITTLE_ENDIAN).dims(1, 1, nz).writeGzip(tmp.resolve("thin.nii.gz"));
		refused(f, "1x1x300000000", "memory", "GB");
	}

	@Test
	void estimateCountsArrayHeadersAndPadding() {
		assertEquals(16 + 2 * (16 + 8 + 8), MemoryEstimate.floatVolume(1, 1, 2));
		assertEquals(16 + (16 + 16 + 8), MemoryEstimate.floatVolume(3, 1, 1)); // 12 bytes padded to 16
		assertEquals(16 + 10 * (16 + 512 * 512 * 4 + 8), MemoryEstimate.floatVolume(512, 512, 10));
	}

	/**
	 * A little-endian, uncompressed, single-strip grey TIFF declaring width x height at bits per
	 * pixel, followed by {@code dataBytes} bytes of pixels whatever the declaration says.
	 */
	static byte[] tiff(long width, long height, int bits, int dataBytes) {
		int entries = 8;
		int ifdSize = 2 + entries * 12 + 4;
		int dataOffset = 8 + ifdSize;
		ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
		b.putShort((short) entries);
		entry(b, 256, 4, width); // ImageWidth, LONG
		entry(b, 257, 4, height); // ImageLength
		entry(b, 258, 3, bits); // BitsPerSample, SHORT
		entry(b, 259, 3, 1); // Compression: none
		entry(b, 262, 3, 1); // PhotometricInterpretation: black is zero
		entry(b, 273, 4, dataOffset); // StripOffsets
		entry(b, 278, 4, height); // RowsPerStrip
		entry(b, 279, 4, Math.min(0xffffffffL, width * height * bits / 8)); // StripByteCounts, as declared
		b.putInt(0); // no next IFD
		for (int i = 0; i < dataBytes; i++) b.put((byte) i);
		return b.array();
	}

	private static void entry(ByteBuffer b, int tag, int type, long value) {
		b.putShort((short) tag).putShort((short) type).putInt(1);
		if (type == 3) b.putShort((short) value).putShort((short) 0);
		else b.putInt((int) value);
	}

	@Test
	void wellFormedHandMadeTiffIsRead() throws IOException {
		Path f = Files.write(tmp.resolve("ok.tif"), tiff(4, 3, 16, 4 * 3 * 2));
		VolumeFile v = VolumeReader.read(f);
		assertEquals(4, v.volume().width());
		assertEquals(3, v.volume().height());
		assertEquals(1, v.volume().depth());
	}

	@Test
	void shortTiffIsAnError() throws IOException {
		// 512 x 512 x 16 bits declared, 1,000 data bytes present: ImageJ alone reads zeros silently
		Path f = Files.write(tmp.resolve("short.tif"), tiff(512, 512, 16, 1000));
		refused(f, "file ends", "512 x 512");
	}

	@Test
	void hugeDeclaredTiffIsRefusedBeforeReading() throws IOException {
		Path f = Files.write(tmp.resolve("huge.tif"), tiff(100_000, 100_000, 8, 1000));
		assertTrue(Files.size(f) < 1200);
		refused(f, "file ends");
	}

	@Test
	void imageJsDicomReaderLineGoesIntoTheMessageNotTheConsole() throws IOException {
		byte[] whole = Files.readAllBytes(new HandMadeDicom().write(tmp.resolve("ok.dcm")));
		Path damaged = Files.write(tmp.resolve("damaged.dcm"), java.util.Arrays.copyOf(whole, 200));
		java.io.PrintStream out = System.out, err = System.err;
		java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
		VolumeIOException e;
		try (java.io.PrintStream p = new java.io.PrintStream(console, true)) {
			System.setOut(p);
			System.setErr(p);
			e = refused(damaged, "damaged.dcm", "Unable to decode DICOM header");
		} finally {
			System.setOut(out);
			System.setErr(err);
		}
		assertEquals("", console.toString(), "ImageJ printed to the console; error was: " + e.getMessage());
	}
}

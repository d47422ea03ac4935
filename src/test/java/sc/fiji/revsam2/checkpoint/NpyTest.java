package sc.fiji.revsam2.checkpoint;

import sc.fiji.revsam2.testing.Fixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.checkpoint.PtCheckpointFixtureTest.assertMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class NpyTest {

	@TempDir
	Path tmp;

	// --- the golden fixtures -------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { Fixtures.SAM21, Fixtures.SAM20 })
	void everyFixtureArrayHasItsManifestShapeAndDtype(String folder) throws IOException {
		JsonObject manifest;
		try (Reader r = Files.newBufferedReader(Fixtures.file(folder, "manifest.json"))) {
			manifest = JsonParser.parseReader(r).getAsJsonObject();
		}
		JsonObject config = manifest.getAsJsonObject("_config");
		int checked = 0;
		for (Map.Entry<String, JsonElement> e : manifest.entrySet()) {
			if (e.getKey().startsWith("_")) continue;
			JsonObject expected = e.getValue().getAsJsonObject();
			NdArray a = Npy.read(Fixtures.file(folder, e.getKey() + ".npy"));
			long[] shape = expected.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
			assertArrayEquals(shape, a.shape(), e.getKey());
			assertEquals(expected.get("dtype").getAsString(), a.dtype(), e.getKey());
			for (float v : a.data()) assertTrue(Float.isFinite(v), e.getKey() + " holds a non-finite value");
			if (a.dtype().equals("uint8")) {
				for (float v : a.data()) assertTrue(v == 0 || v == 1, e.getKey() + " is a mask but holds " + v);
			}
			checked++;
		}
		assertEquals(41, checked);

		// integer scalars agree with the run's parameters
		assertEquals(config.get("k").getAsFloat(), Npy.read(Fixtures.file(folder, "pipeline.k.npy")).data()[0]);
		NdArray slices = Npy.read(Fixtures.file(folder, "pipeline.support_slices.npy"));
		assertEquals(config.get("N").getAsLong(), slices.size());
		NdArray query = Npy.read(Fixtures.file(folder, "pipeline.query_volume.npy"));
		assertArrayEquals(new long[] { config.get("D").getAsLong(), config.get("H").getAsLong(), config.get("W").getAsLong() }, query.shape());
	}

	@Test
	void streamAndFileReadsAgree() throws IOException {
		Path file = Fixtures.file(Fixtures.SAM21, "mask_decoder.image_embeddings.npy");
		NdArray fromFile = Npy.read(file);
		try (InputStream in = Files.newInputStream(file)) {
			NdArray fromStream = Npy.read(in, "embeddings");
			assertArrayEquals(fromFile.shape(), fromStream.shape());
			assertArrayEquals(fromFile.data(), fromStream.data());
			assertEquals(-1, in.read()); // the stream ends right after the data
		}
	}

	// --- synthetic files ---------------------------------------------------------------

	/** A .npy file the way numpy.lib.format writes it: magic, version, header padded to 64 bytes, data. */
	static byte[] npy(int major, String descr, boolean fortran, String shape, byte[] data) {
		String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
		int preamble = major == 1 ? 10 : 12;
		int padded = (preamble + dict.length() + 1 + 63) / 64 * 64;
		String header = dict + " ".repeat(padded - preamble - dict.length() - 1) + "\n";
		byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0 });
		ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
		if (major == 1) len.putShort((short) h.length); else len.putInt(h.length);
		out.writeBytes(len.array());
		out.writeBytes(h);
		out.writeBytes(data);
		return out.toByteArray();
	}

	private static ByteBuffer buf(int bytes, ByteOrder order) {
		return ByteBuffer.allocate(bytes).order(order);
	}

	private NdArray read(byte[] file) throws IOException {
		Path p = Files.write(tmp.resolve("a.npy"), file);
		NdArray fromPath = Npy.read(p);
		NdArray fromStream = Npy.read(new ByteArrayInputStream(file), "a.npy");
		assertArrayEquals(fromPath.data(), fromStream.data());
		return fromPath;
	}

	@Test
	void everyDtypeInBothByteOrders() throws IOException {
		for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			String o = order == ByteOrder.LITTLE_ENDIAN ? "<" : ">";
			NdArray f4 = read(npy(1, o + "f4", false, "(3,)", buf(12, order).putFloat(1.5f).putFloat(-2f).putFloat(1e-30f).array()));
			assertArrayEquals(new float[] { 1.5f, -2f, 1e-30f }, f4.data());
			assertEquals("float32", f4.dtype());
			NdArray f8 = read(npy(1, o + "f8", false, "(2,)", buf(16, order).putDouble(0.1).putDouble(-3e9).array()));
			assertArrayEquals(new float[] { 0.1f, -3e9f }, f8.data());
			assertEquals("float64", f8.dtype());
			NdArray f2 = read(npy(1, o + "f2", false, "(2,)", buf(4, order).putShort((short) 0x3e00).putShort((short) 0xb400).array()));
			assertArrayEquals(new float[] { 1.5f, -0.25f }, f2.data());
			NdArray i4 = read(npy(1, o + "i4", false, "(2,)", buf(8, order).putInt(-7).putInt(1 << 20).array()));
			assertArrayEquals(new float[] { -7, 1 << 20 }, i4.data());
			assertEquals("int32", i4.dtype());
			NdArray i8 = read(npy(1, o + "i8", false, "(2,)", buf(16, order).putLong(-3).putLong(1L << 40).array()));
			assertArrayEquals(new float[] { -3, 0x1p40f }, i8.data());
			assertEquals("int64", i8.dtype());
			NdArray i2 = read(npy(1, o + "i2", false, "(2,)", buf(4, order).putShort((short) -300).putShort((short) 300).array()));
			assertArrayEquals(new float[] { -300, 300 }, i2.data());
			assertEquals("int16", i2.dtype());
			NdArray u2 = read(npy(1, o + "u2", false, "(2,)", buf(4, order).putShort((short) 65535).putShort((short) 1).array()));
			assertArrayEquals(new float[] { 65535, 1 }, u2.data());
			assertEquals("uint16", u2.dtype());
		}
		NdArray u1 = read(npy(1, "|u1", false, "(3,)", new byte[] { 0, 1, (byte) 255 }));
		assertArrayEquals(new float[] { 0, 1, 255 }, u1.data());
		assertEquals("uint8", u1.dtype());
		NdArray i1 = read(npy(1, "|i1", false, "(3,)", new byte[] { -128, 127, -1 }));
		assertArrayEquals(new float[] { -128, 127, -1 }, i1.data());
		assertEquals("int8", i1.dtype());
		NdArray b1 = read(npy(1, "|b1", false, "(3,)", new byte[] { 1, 0, 1 }));
		assertArrayEquals(new float[] { 1, 0, 1 }, b1.data());
		assertEquals("bool", b1.dtype());
	}

	@Test
	void fortranOrderIsTransposedIntoCOrder() throws IOException {
		// a[i][j] = 10 i + j, shape (2, 3), stored column by column
		ByteBuffer b = buf(24, ByteOrder.LITTLE_ENDIAN);
		for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) b.putFloat(10 * i + j);
		NdArray a = read(npy(1, "<f4", true, "(2, 3)", b.array()));
		assertArrayEquals(new long[] { 2, 3 }, a.shape());
		assertArrayEquals(new float[] { 0, 1, 2, 10, 11, 12 }, a.data());

		// rank 3, big-endian doubles: a[i][j][k] = 100 i + 10 j + k, first index fastest
		ByteBuffer c = buf(2 * 3 * 4 * 8, ByteOrder.BIG_ENDIAN);
		for (int k = 0; k < 4; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) c.putDouble(100 * i + 10 * j + k);
		NdArray a3 = read(npy(1, ">f8", true, "(2, 3, 4)", c.array()));
		for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) assertEquals(100 * i + 10 * j + k, a3.get(i, j, k));

		// rank 1 Fortran order is the same as C order
		NdArray a1 = read(npy(1, "<f4", true, "(2,)", buf(8, ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).array()));
		assertArrayEquals(new float[] { 1, 2 }, a1.data());
	}

	@Test
	void formatVersions2And3() throws IOException {
		ByteBuffer b = buf(48, ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < 6; i++) b.putLong(i * 1000L);
		NdArray v2 = read(npy(2, "<i8", false, "(3, 2)", b.array()));
		assertArrayEquals(new long[] { 3, 2 }, v2.shape());
		assertArrayEquals(new float[] { 0, 1000, 2000, 3000, 4000, 5000 }, v2.data());
		NdArray v3 = read(npy(3, "|u1", false, "(2, 3)", new byte[] { 0, 1, 2, 3, 4, 5 }));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, v3.data());
	}

	@Test
	void zeroDimensionalAndEmptyArrays() throws IOException {
		NdArray scalar = read(npy(1, "<i4", false, "()", buf(4, ByteOrder.LITTLE_ENDIAN).putInt(42).array()));
		assertEquals(0, scalar.rank());
		assertArrayEquals(new float[] { 42 }, scalar.data());
		NdArray empty = read(npy(1, "<f4", false, "(0, 5)", new byte[0]));
		assertArrayEquals(new long[] { 0, 5 }, empty.shape());
		assertEquals(0, empty.size());
		NdArray rank5 = read(npy(1, "|u1", false, "(1, 1, 2, 1, 2)", new byte[] { 1, 2, 3, 4 }));
		assertEquals(4, rank5.get(0, 0, 1, 0, 1));
	}

	@Test
	void severalArraysFromOneStream() throws IOException {
		ByteArrayOutputStream both = new ByteArrayOutputStream();
		both.writeBytes(npy(1, "<i4", false, "(1,)", buf(4, ByteOrder.LITTLE_ENDIAN).putInt(5).array()));
		both.writeBytes(npy(2, "|u1", false, "(2,)", new byte[] { 7, 8 }));
		InputStream in = new ByteArrayInputStream(both.toByteArray());
		assertArrayEquals(new float[] { 5 }, Npy.read(in, "first").data());
		assertArrayEquals(new float[] { 7, 8 }, Npy.read(in, "second").data());
	}

	// --- malformed files -----------------------------------------------------------------

	private CheckpointException fails(byte[] file, String... messageParts) throws IOException {
		Path p = Files.write(tmp.resolve("bad.npy"), file);
		CheckpointException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(CheckpointException.class, () -> Npy.read(p)));
		assertMessage(e, "bad.npy");
		assertMessage(e, messageParts);
		CheckpointException s = assertThrows(CheckpointException.class, () -> Npy.read(new ByteArrayInputStream(file), "stream.npy"));
		assertMessage(s, "stream.npy");
		return e;
	}

	@Test
	void malformedFilesAreReported() throws IOException {
		byte[] ok = npy(1, "<f4", false, "(2,)", new byte[8]);
		fails("just text, not an array".getBytes(StandardCharsets.US_ASCII), "not a NumPy");
		fails(new byte[0], "not a NumPy");
		byte[] v9 = ok.clone();
		v9[6] = 9;
		fails(v9, "version 9");
		fails(Arrays.copyOf(ok, ok.length - 3), "truncated");
		fails(Arrays.copyOf(ok, 40), "header");
		fails(npy(1, "<U5", false, "(2,)", new byte[40]), "'<U5'");
		fails(npy(1, "|O", false, "(2,)", new byte[16]), "object arrays");
		fails(npy(1, "<c8", false, "(2,)", new byte[16]), "'<c8'");
		fails(npy(1, "<f4", false, "(-2,)", new byte[8]), "shape");
		fails(npy(1, "<f4", false, "(2.5,)", new byte[8]), "malformed");
		fails(npy(1, "<f4", false, "(2,", new byte[8]), "malformed");
		byte[] noFortran = npy(1, "<f4", false, "(2,)", new byte[8]);
		fails(new String(noFortran, StandardCharsets.ISO_8859_1).replace("'fortran_order'", "'fortran_ordex'").getBytes(StandardCharsets.ISO_8859_1),
				"fortran_order");
		byte[] structured = new String(ok, StandardCharsets.ISO_8859_1).replace("'<f4'", "[('a', '<f4')]").getBytes(StandardCharsets.ISO_8859_1);
		fails(structured, "structured");
		String deep = "(".repeat(100) + ")".repeat(100);
		fails(npy(1, "<f4", false, deep, new byte[8]), "nested");
	}

	@Test
	void hugeShapesFailFastWithoutAllocating() throws IOException {
		// shapes that would need terabytes, in a file of a few bytes
		fails(npy(1, "<f4", false, "(1000000, 1000000)", new byte[8]), "too large");
		fails(npy(1, "<f8", false, "(100000000,)", new byte[8]), "truncated");
		fails(npy(1, "<f4", false, "(99999999999999999999999,)", new byte[8]), "malformed");
		// a header length pointing past the end of the file
		byte[] lying = npy(2, "<f4", false, "(2,)", new byte[8]);
		lying[11] = 0x7f;
		fails(lying, "header");
	}
}

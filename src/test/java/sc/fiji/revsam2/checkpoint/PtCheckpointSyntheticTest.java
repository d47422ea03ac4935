package sc.fiji.revsam2.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static sc.fiji.revsam2.checkpoint.PtCheckpointFixtureTest.assertMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small checkpoints built byte by byte: storage types, views, layouts, and every kind of bad input. */
class PtCheckpointSyntheticTest {

	@TempDir
	Path tmp;

	/** {"model": OrderedDict(name -> tensor, ...)} around tensors already pushed by {@code items}. */
	private static byte[] modelPickle(java.util.function.Consumer<PickleBuilder> items) {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().str("model");
		p.global("collections", "OrderedDict").emptyTuple().reduce().mark();
		items.accept(p);
		return p.setitems().setitem().stop().toBytes();
	}

	private Path checkpoint(String name, byte[] pickle, Map<String, byte[]> storages) throws IOException {
		return CheckpointFiles.write(tmp.resolve(name), "archive", pickle, storages);
	}

	private CheckpointException fails(Path file) {
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(CheckpointException.class, () -> PtCheckpoint.read(file)));
	}

	@Test
	void float16StorageIsConvertedExactly() throws IOException {
		// binary16 bits of 1, -2, 0.5, 65504 (largest), 2^-14 (smallest normal), 2^-24 (smallest subnormal), -0, +inf
		int[] bits = { 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001, 0x8000, 0x7c00 };
		byte[] pkl = modelPickle(p -> p.str("w").tensor("HalfStorage", "0", 8, 0, new long[] { 2, 4 }, new long[] { 4, 1 }));
		NdArray w = PtCheckpoint.read(checkpoint("half.pt", pkl, Map.of("0", CheckpointFiles.shorts(bits)))).get("w");
		assertEquals("float16", w.dtype());
		assertArrayEquals(new long[] { 2, 4 }, w.shape());
		assertArrayEquals(new float[] { 1f, -2f, 0.5f, 65504f, 0x1p-14f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY }, w.data());
		assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(w.data()[6]));
	}

	@Test
	void float16NaNStaysNaN() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").tensor("HalfStorage", "0", 1, 0, new long[] { 1 }, new long[] { 1 }));
		NdArray w = PtCheckpoint.read(checkpoint("nan.pt", pkl, Map.of("0", CheckpointFiles.shorts(0x7e00)))).get("w");
		assertEquals(Float.NaN, w.data()[0]);
	}

	@Test
	void bfloat16StorageIsConvertedExactly() throws IOException {
		// bfloat16 is the upper half of a float32: 1, -2.5, 3.140625, -0.0078125
		byte[] pkl = modelPickle(p -> p.str("b").tensor("BFloat16Storage", "0", 4, 0, new long[] { 4 }, new long[] { 1 }));
		NdArray b = PtCheckpoint.read(checkpoint("bf16.pt", pkl, Map.of("0", CheckpointFiles.shorts(0x3f80, 0xc020, 0x4049, 0xbc00)))).get("b");
		assertEquals("bfloat16", b.dtype());
		assertArrayEquals(new float[] { 1f, -2.5f, 3.140625f, -0.0078125f }, b.data());
	}

	@Test
	void doubleStorageIsRoundedToFloat() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("d").tensor("DoubleStorage", "0", 3, 0, new long[] { 3 }, new long[] { 1 }));
		NdArray d = PtCheckpoint.read(checkpoint("f64.pt", pkl, Map.of("0", CheckpointFiles.doubles(0.1, -1e10, 2.5)))).get("d");
		assertEquals("float64", d.dtype());
		assertArrayEquals(new float[] { 0.1f, -1e10f, 2.5f }, d.data());
	}

	@Test
	void storageOffsetAndTransposedViewAreHonoured() throws IOException {
		float[] storage = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
		// t = storage[2:8].view(2, 3).t(): offset 2, shape (3, 2), stride (1, 3)
		byte[] pkl = modelPickle(p -> p.str("t").tensor("FloatStorage", "0", 12, 2, new long[] { 3, 2 }, new long[] { 1, 3 }));
		NdArray t = PtCheckpoint.read(checkpoint("view.pt", pkl, Map.of("0", CheckpointFiles.floats(storage)))).get("t");
		assertArrayEquals(new long[] { 3, 2 }, t.shape());
		assertArrayEquals(new float[] { 2, 5, 3, 6, 4, 7 }, t.data());
	}

	@Test
	void stridedViewsOfRank3AndBroadcastStrides() throws IOException {
		float[] storage = new float[24];
		for (int i = 0; i < storage.length; i++) storage[i] = i;
		byte[] pkl = modelPickle(p -> {
			// x = arange(24).view(2, 3, 4).permute(2, 0, 1)[1:3]: offset 1, shape (2, 2, 3), stride (1, 12, 4)
			p.str("permuted").tensor("FloatStorage", "0", 24, 1, new long[] { 2, 2, 3 }, new long[] { 1, 12, 4 });
			// a stride-0 (expanded) dimension repeats its row
			p.str("expanded").tensor("FloatStorage", "0", 24, 5, new long[] { 3, 2 }, new long[] { 0, 1 });
		});
		Map<String, NdArray> t = PtCheckpoint.read(checkpoint("strided.pt", pkl, Map.of("0", CheckpointFiles.floats(storage))));
		float[] expected = new float[12];
		int n = 0;
		for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++) expected[n++] = 1 + a + 12 * b + 4 * c;
		assertArrayEquals(expected, t.get("permuted").data());
		assertArrayEquals(new float[] { 5, 6, 5, 6, 5, 6 }, t.get("expanded").data());
	}

	@Test
	void tensorsSharingAStorageAreIndependentCopies() throws IOException {
		byte[] pkl = modelPickle(p -> {
			p.str("first").tensor("FloatStorage", "0", 6, 0, new long[] { 2 }, new long[] { 1 });
			p.str("other").floatTensor("1", 2);
			p.str("second").tensor("FloatStorage", "0", 6, 2, new long[] { 2, 2 }, new long[] { 2, 1 });
		});
		Map<String, byte[]> storages = new LinkedHashMap<>();
		storages.put("0", CheckpointFiles.floats(10, 11, 12, 13, 14, 15));
		storages.put("1", CheckpointFiles.floats(-1, -2));
		Map<String, NdArray> t = PtCheckpoint.read(checkpoint("shared.pt", pkl, storages));
		assertEquals(List.of("first", "other", "second"), List.copyOf(t.keySet()));
		assertArrayEquals(new float[] { 10, 11 }, t.get("first").data());
		assertArrayEquals(new float[] { -1, -2 }, t.get("other").data());
		assertArrayEquals(new float[] { 12, 13, 14, 15 }, t.get("second").data());
		t.get("first").data()[0] = 99;
		assertEquals(12, t.get("second").data()[0]);
	}

	@Test
	void bareStateDictIsAccepted() throws IOException {
		// torch.save(model.state_dict()): the OrderedDict of tensors is the top-level object
		PickleBuilder p = new PickleBuilder().proto(2).global("collections", "OrderedDict").emptyTuple().reduce().mark();
		p.str("a.weight").floatTensor("0", 2, 2).str("a.bias").floatTensor("1", 2);
		byte[] pkl = p.setitems().stop().toBytes();
		Map<String, byte[]> storages = new LinkedHashMap<>();
		storages.put("0", CheckpointFiles.floats(1, 2, 3, 4));
		storages.put("1", CheckpointFiles.floats(5, 6));
		Map<String, NdArray> t = PtCheckpoint.read(checkpoint("bare.pt", pkl, storages));
		assertEquals(List.of("a.weight", "a.bias"), List.copyOf(t.keySet()));
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, t.get("a.weight").data());
	}

	@Test
	void archivePrefixMayBeAnyName() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("x").floatTensor("7", 1));
		Path file = CheckpointFiles.write(tmp.resolve("renamed.pt"), "sam2.1_hiera_tiny", pkl, Map.of("7", CheckpointFiles.floats(42)));
		assertArrayEquals(new float[] { 42 }, PtCheckpoint.read(file).get("x").data());
	}

	@Test
	void scalarAndEmptyTensorsAndParameters() throws IOException {
		byte[] pkl = modelPickle(p -> {
			p.str("scalar").tensor("FloatStorage", "0", 1, 0, new long[0], new long[0]);
			p.str("empty").tensor("FloatStorage", "1", 0, 0, new long[] { 0, 3 }, new long[] { 3, 1 });
			// nn.Parameter pickles as _rebuild_parameter(tensor, requires_grad, OrderedDict())
			p.str("param").global("torch._utils", "_rebuild_parameter").mark();
			p.floatTensor("2", 2).newTrue().global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
		});
		Map<String, byte[]> storages = new LinkedHashMap<>();
		storages.put("0", CheckpointFiles.floats(3.5f));
		storages.put("1", new byte[0]);
		storages.put("2", CheckpointFiles.floats(1, 2));
		Map<String, NdArray> t = PtCheckpoint.read(checkpoint("odd.pt", pkl, storages));
		assertEquals(0, t.get("scalar").rank());
		assertEquals(3.5f, t.get("scalar").data()[0]);
		assertArrayEquals(new long[] { 0, 3 }, t.get("empty").shape());
		assertEquals(0, t.get("empty").size());
		assertArrayEquals(new float[] { 1, 2 }, t.get("param").data());
	}

	@Test
	void protocol4OpcodesAndMetadataAreUnderstood() throws IOException {
		// what newer picklers emit: FRAME, MEMOIZE, STACK_GLOBAL, NEWOBJ, short strings, and a BUILD with _metadata
		PickleBuilder p = new PickleBuilder().proto(4).frame(1000).emptyDict().memoize().shortStr("model").memoize();
		p.stackGlobal("collections", "OrderedDict").memoize().emptyTuple().newobj().memoize();
		p.str8("w").tensor("FloatStorage", "0", 2, 0, new long[] { 2 }, new long[] { 1 }).setitem();
		p.emptyDict().str("_metadata").stackGlobal("collections", "OrderedDict").emptyTuple().reduce();
		p.str("").emptyDict().str("version").integer(1).setitem().setitem().setitem().build();
		p.setitem().stop();
		Map<String, NdArray> t = PtCheckpoint.read(checkpoint("p4.pt", p.toBytes(), Map.of("0", CheckpointFiles.floats(7, 8))));
		assertArrayEquals(new float[] { 7, 8 }, t.get("w").data());
	}

	// --- bad input ---------------------------------------------------------------------

	@Test
	void missingModelKeyIsReported() throws IOException {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark();
		p.str("epoch").integer(3).str("optimizer").emptyDict().str("weights").floatTensor("0", 1);
		byte[] pkl = p.setitems().stop().toBytes();
		CheckpointException e = fails(checkpoint("nomodel.pt", pkl, Map.of("0", CheckpointFiles.floats(1))));
		assertMessage(e, "nomodel.pt", "no \"model\" entry", "\"epoch\"", "\"optimizer\"");
	}

	@Test
	void modelThatIsNotADictIsReported() throws IOException {
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().str("model").str("oops").setitem().stop().toBytes();
		assertMessage(fails(checkpoint("modelstr.pt", pkl, Map.of())), "modelstr.pt", "\"model\" entry is a str");
	}

	@Test
	void nonTensorInStateDictIsReported() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").floatTensor("0", 1).str("step").integer(5));
		assertMessage(fails(checkpoint("mixed.pt", pkl, Map.of("0", CheckpointFiles.floats(1)))), "mixed.pt", "'step'", "not a tensor");
	}

	@Test
	void unknownOpcodeIsReportedWithItsOffset() throws IOException {
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().op(0xff).stop().toBytes();
		assertMessage(fails(checkpoint("opcode.pt", pkl, Map.of())), "opcode.pt", "data.pkl", "0xff", "byte offset 3");
	}

	@Test
	void forbiddenGlobalsAreRefusedNotRun() throws IOException {
		Path marker = tmp.resolve("pwned");
		String command = "touch " + marker;
		// the classic exploit: os.system("...") via GLOBAL + REDUCE, and builtins.eval via STACK_GLOBAL
		byte[] viaGlobal = new PickleBuilder().proto(2).global("os", "system").str(command).tuple1().reduce().stop().toBytes();
		byte[] viaStackGlobal = new PickleBuilder().proto(4).stackGlobal("builtins", "eval").str("1+1").tuple1().reduce().stop().toBytes();
		// a whitelisted module with a name outside the whitelist
		byte[] torchOther = new PickleBuilder().proto(2).global("torch", "load").stop().toBytes();
		assertMessage(fails(checkpoint("os.pt", viaGlobal, Map.of())), "os.pt", "'os.system'", "byte offset 2");
		assertMessage(fails(checkpoint("eval.pt", viaStackGlobal, Map.of())), "eval.pt", "'builtins.eval'", "STACK_GLOBAL");
		assertMessage(fails(checkpoint("torchload.pt", torchOther, Map.of())), "'torch.load'");
		assertEquals(false, Files.exists(marker));
	}

	@Test
	void whitelistedGlobalsCannotBeMisused() throws IOException {
		// a storage type is only a name: calling it must fail, as must BUILD on it
		byte[] call = new PickleBuilder().proto(2).global("torch", "FloatStorage").integer(10).tuple1().reduce().stop().toBytes();
		assertMessage(fails(checkpoint("call.pt", call, Map.of())), "call.pt", "cannot call", "REDUCE");
		byte[] pid = new PickleBuilder().proto(2).str("not a storage id").persid().stop().toBytes();
		assertMessage(fails(checkpoint("pid.pt", pid, Map.of())), "pid.pt", "persistent id", "BINPERSID");
	}

	@Test
	void truncatedAndCorruptedPickleIsReported() throws IOException {
		byte[] good = modelPickle(p -> p.str("w").floatTensor("0", 2));
		Map<String, byte[]> storages = Map.of("0", CheckpointFiles.floats(1, 2));
		// cut short: no STOP
		assertMessage(fails(checkpoint("short.pt", java.util.Arrays.copyOf(good, good.length - 5), storages)), "short.pt", "STOP");
		// a string claiming 2 GB in a pickle of a few bytes
		byte[] huge = new PickleBuilder().proto(2).op('X').le(0x7ffffff0L, 4).op('a', 'b').stop().toBytes();
		assertMessage(fails(checkpoint("huge.pt", huge, storages)), "huge.pt", "remain");
		byte[] huge8 = new PickleBuilder().proto(4).op(0x8d).le(Long.MAX_VALUE, 8).stop().toBytes();
		assertMessage(fails(checkpoint("huge8.pt", huge8, storages)), "huge8.pt", "BINUNICODE8");
		// popping below a MARK, and a memo read that was never written
		byte[] underflow = new PickleBuilder().proto(2).mark().tuple1().stop().toBytes();
		assertMessage(fails(checkpoint("underflow.pt", underflow, storages)), "underflow.pt", "underflow");
		byte[] memo = new PickleBuilder().proto(2).longBinget(123456).stop().toBytes();
		assertMessage(fails(checkpoint("memo.pt", memo, storages)), "memo.pt", "123456");
		// empty pickle
		assertMessage(fails(checkpoint("empty.pt", new byte[0], storages)), "empty.pt", "STOP");
	}

	@Test
	void missingStorageEntryIsReported() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").floatTensor("0", 2).str("v").floatTensor("1", 2));
		CheckpointException e = fails(checkpoint("nostorage.pt", pkl, Map.of("0", CheckpointFiles.floats(1, 2))));
		assertMessage(e, "nostorage.pt", "archive/data/1", "'v'", "missing");
	}

	@Test
	void storageShorterThanTheTensorIsReported() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").floatTensor("0", 4, 4));
		CheckpointException e = fails(checkpoint("shortstorage.pt", pkl, Map.of("0", CheckpointFiles.floats(1, 2, 3))));
		assertMessage(e, "shortstorage.pt", "archive/data/0", "12 bytes", "needs 64");
	}

	@Test
	void hugeClaimedSizesFailFastWithoutAllocating() throws IOException {
		// a storage declaring 2^40 floats, and a tensor whose shape overflows, over a 4-byte entry
		byte[] big = modelPickle(p -> p.str("w").tensor("FloatStorage", "0", 1L << 40, 0, new long[] { 1L << 20, 1L << 20 }, new long[] { 1L << 20, 1 }));
		assertMessage(fails(checkpoint("big.pt", big, Map.of("0", CheckpointFiles.floats(1)))), "big.pt", "too large");
		byte[] overflow = modelPickle(p -> p.str("w").tensor("FloatStorage", "0", 1L << 40, 0, new long[] { 1L << 40, 1L << 40 }, new long[] { 1, 1 }));
		assertMessage(fails(checkpoint("overflow.pt", overflow, Map.of("0", CheckpointFiles.floats(1)))), "overflow.pt", "overflows");
		byte[] bigStorage = modelPickle(p -> p.str("w").tensor("FloatStorage", "0", 1L << 40, 0, new long[] { 2 }, new long[] { 1 }));
		assertMessage(fails(checkpoint("bigstorage.pt", bigStorage, Map.of("0", CheckpointFiles.floats(1, 2)))), "bigstorage.pt", "too large");
		byte[] bigEntry = modelPickle(p -> p.str("w").tensor("FloatStorage", "0", 100_000_000, 0, new long[] { 2 }, new long[] { 1 }));
		assertMessage(fails(checkpoint("bigentry.pt", bigEntry, Map.of("0", CheckpointFiles.floats(1, 2)))), "bigentry.pt", "has 8 bytes");
	}

	@Test
	void viewBeyondItsStorageIsReported() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").tensor("FloatStorage", "0", 4, 2, new long[] { 2, 2 }, new long[] { 2, 1 }));
		CheckpointException e = fails(checkpoint("beyond.pt", pkl, Map.of("0", CheckpointFiles.floats(1, 2, 3, 4))));
		assertMessage(e, "beyond.pt", "reaches element 5", "holding 4");
	}

	@Test
	void notAZipIsReported() throws IOException {
		Path text = Files.writeString(tmp.resolve("notes.txt"), "these are not the weights you are looking for\n");
		assertMessage(fails(text), "notes.txt", "not a zip");
		Path empty = Files.write(tmp.resolve("empty.pt"), new byte[0]);
		assertMessage(fails(empty), "empty.pt", "empty");
		Path legacy = Files.write(tmp.resolve("legacy.pt"), new byte[] { (byte) 0x80, 2, (byte) 0x8a, 10 });
		assertMessage(fails(legacy), "legacy.pt", "PyTorch < 1.6");
		assertMessage(fails(tmp.resolve("absent.pt")), "absent.pt", "no such file");
	}

	@Test
	void zipWithoutDataPklIsReported() throws IOException {
		Path zip = CheckpointFiles.writeZip(tmp.resolve("other.zip"), Map.of("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
		assertMessage(fails(zip), "other.zip", "no <name>/data.pkl");
	}

	@Test
	void zipWithLyingEntrySizeIsReported() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").floatTensor("0", 2));
		Path file = checkpoint("liar.pt", pkl, Map.of("0", CheckpointFiles.floats(1, 2)));
		byte[] bytes = Files.readAllBytes(file);
		// central directory record of the data.pkl entry: make it claim a size far beyond the file
		int cd = indexOf(bytes, new byte[] { 'P', 'K', 1, 2 });
		bytes[cd + 24] = 0;
		bytes[cd + 25] = 0;
		bytes[cd + 26] = 0;
		bytes[cd + 27] = 0x70; // uncompressed size ~1.8 GB
		Path liar = Files.write(tmp.resolve("liar2.pt"), bytes);
		assertMessage(fails(liar), "liar2.pt", "claims 1879048192 bytes");
	}

	@Test
	void corruptedStorageBytesAreCaughtByTheChecksum() throws IOException {
		byte[] pkl = modelPickle(p -> p.str("w").floatTensor("0", 4));
		Path file = checkpoint("crc.pt", pkl, Map.of("0", CheckpointFiles.floats(1.25f, 2.5f, 3.75f, 5f)));
		byte[] bytes = Files.readAllBytes(file);
		int at = indexOf(bytes, CheckpointFiles.floats(1.25f, 2.5f, 3.75f, 5f));
		bytes[at + 5] ^= 0x10; // one bit of the second value
		Path damaged = Files.write(tmp.resolve("crc2.pt"), bytes);
		assertMessage(fails(damaged), "crc2.pt", "archive/data/0", "checksum");
	}

	private static int indexOf(byte[] hay, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= hay.length; i++) {
			for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
			return i;
		}
		throw new AssertionError("not found");
	}
}

package sc.fiji.revsam2.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made hostile checkpoints (issue 12, items 1-4): each must end in a short, clean
 * {@link CheckpointException} quickly and without allocating much, whatever it declares.
 */
class HostileCheckpointTest {

	@TempDir
	Path tmp;

	private static final Duration QUICK = Duration.ofSeconds(10);

	private static CheckpointException failsToLoad(byte[] pickle) {
		return assertTimeoutPreemptively(QUICK, () -> assertThrows(CheckpointException.class,
				() -> new PickleReader(pickle, "test.pkl", new TorchPickle()).load()));
	}

	/** A tuple holding the level below twice, 64 levels deep: 2^64 leaves if walked as a tree. */
	private static PickleBuilder dagTuple(PickleBuilder p) {
		return dagTuple(p, 64);
	}

	private static PickleBuilder dagTuple(PickleBuilder p, int levels) {
		p.none();
		for (int i = 0; i < levels; i++) p.op('2').tuple2(); // DUP, TUPLE2
		return p;
	}

	private static void assertShortMessage(CheckpointException e, String... words) {
		String m = e.getMessage();
		assertTrue(m.length() < 400, "message of " + m.length() + " characters");
		for (String w : words) assertTrue(m.contains(w), "message lacks '" + w + "': " + m);
	}

	@Test
	void dagTupleAsDictKeyIsRefusedWithoutHashingIt() {
		byte[] pkl = dagTuple(new PickleBuilder().proto(2).emptyDict()).none().setitem().stop().toBytes();
		assertTrue(pkl.length < 400);
		assertShortMessage(failsToLoad(pkl), "nested");
	}

	@Test
	void shallowDagTupleAsDictKeyIsRefusedWithoutHashingIt() {
		// 30 levels pass the nesting limit but stand for 2^30 items
		byte[] pkl = dagTuple(new PickleBuilder().proto(2).emptyDict(), 30).none().setitem().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "key");
	}

	@Test
	void dagTupleAsCallableIsRefusedWithoutPrintingIt() {
		byte[] pkl = dagTuple(new PickleBuilder().proto(2)).emptyTuple().reduce().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "tuple");
	}

	@Test
	void dagTupleAsNewobjClassIsRefusedWithoutPrintingIt() {
		byte[] pkl = dagTuple(new PickleBuilder().proto(2)).emptyTuple().newobj().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "tuple");
	}

	@Test
	void listThatContainsItselfAsKeyIsRefused() {
		// d = {}; l = []; l.append(l); d[l] = None
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().emptyList().op('2').append().none().setitem().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "list", "key");
	}

	@Test
	void dictAsKeyIsRefused() {
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().mark().emptyDict().none().setitems().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "dict", "key");
	}

	@Test
	void listInsideTupleKeyIsRefused() {
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().emptyList().tuple1().none().setitem().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "list", "key");
	}

	@Test
	void deeplyNestedTupleKeyIsRefused() {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().none();
		for (int i = 0; i < 200_000; i++) p.tuple1();
		byte[] pkl = p.none().setitem().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "nest");
	}

	@Test
	void orderedDictWithListKeyIsRefused() {
		// OrderedDict([([], None)])
		byte[] pkl = new PickleBuilder().proto(2).global("collections", "OrderedDict").emptyList().emptyList().none().tuple2()
				.append().tuple1().reduce().stop().toBytes();
		assertShortMessage(failsToLoad(pkl), "list", "key");
	}

	@Test
	void tupleKeysThatPythonAcceptsStillWork() throws CheckpointException {
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().integer(1).str("a").tuple2().none().setitem().stop().toBytes();
		Object o = new PickleReader(pkl, "test.pkl", new TorchPickle()).load();
		assertTrue(((Map<?, ?>) o).containsKey(PyTuple.of(1L, "a")));
	}

	/** Bytes this thread allocated while running {@code r}. */
	private static long allocatedBy(Runnable r) {
		var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = mx.getCurrentThreadAllocatedBytes();
		r.run();
		return mx.getCurrentThreadAllocatedBytes() - before;
	}

	private static final long FEW_MB = 100L << 20;

	private void refusedCheaply(Path pt, String... words) {
		CheckpointException[] e = new CheckpointException[1];
		long bytes = allocatedBy(() -> e[0] = assertThrows(CheckpointException.class, () -> PtCheckpoint.read(pt)));
		assertTrue(bytes < FEW_MB, "allocated " + bytes + " bytes before refusing");
		assertShortMessage(e[0], words);
	}

	private static byte[] oneTensor(String storageType, long storageNumel, long[] size, long[] stride) {
		return new PickleBuilder().proto(2).emptyDict().str("w").tensor(storageType, "0", storageNumel, 0, size, stride)
				.setitem().stop().toBytes();
	}

	@Test
	void strideZeroTensorLargerThanItsStorageIsRefused() throws IOException {
		// a 4-byte storage viewed as 2e9 floats with stride 0 would need 8 GB
		byte[] pkl = oneTensor("FloatStorage", 1, new long[] { 2_000_000_000L }, new long[] { 0 });
		assertTrue(pkl.length < 600);
		refusedCheaply(CheckpointFiles.write(tmp.resolve("stride0.pt"), "archive", pkl, Map.of("0", new byte[4])), "element");
	}

	@Test
	void eightBroadcastTensorsAreRefused() throws IOException {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark();
		for (int i = 0; i < 8; i++) p.str("w" + i).tensor("FloatStorage", "0", 1, 0, new long[] { 40_000, 10_000 }, new long[] { 0, 0 });
		byte[] pkl = p.setitems().stop().toBytes();
		refusedCheaply(CheckpointFiles.write(tmp.resolve("eight.pt"), "archive", pkl, Map.of("0", new byte[4])), "element");
	}

	@Test
	void storageLargerThanItsEntryIsRefusedBeforeAllocating() throws IOException {
		byte[] pkl = oneTensor("FloatStorage", 500_000_000L, new long[] { 500_000_000L }, new long[] { 1 });
		refusedCheaply(CheckpointFiles.write(tmp.resolve("short.pt"), "archive", pkl, Map.of("0", new byte[4])), "4 bytes");
	}

	@Test
	void storagesLargerThanTheJavaHeapAreRefusedWithTheFigure() throws IOException {
		// many tensors viewing one real storage: each costs its own float array
		long n = 1 << 20;
		long views = Runtime.getRuntime().maxMemory() / (4 * n) + 2;
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark();
		for (int i = 0; i < views; i++) p.str("w" + i).tensor("ByteStorage", "0", n, 0, new long[] { n }, new long[] { 1 });
		byte[] pkl = p.setitems().stop().toBytes();
		refusedCheaply(CheckpointFiles.write(tmp.resolve("views.pt"), "archive", pkl, Map.of("0", new byte[(int) n])), "memory");
	}

	/** A checkpoint whose data.pkl is deflated (torch stores it, but any zip may deflate). */
	private Path deflatedPickle(String name, byte[] pickle) throws IOException {
		Path file = tmp.resolve(name);
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
			zip.setLevel(9);
			zip.putNextEntry(new ZipEntry("archive/data.pkl"));
			zip.write(pickle);
			zip.closeEntry();
		}
		return file;
	}

	@Test
	void hundredFiftyMillionDupsAreRefusedQuickly() throws IOException {
		byte[] pkl = new byte[150_000_000];
		Arrays.fill(pkl, (byte) '2');
		pkl[0] = (byte) 0x80;
		pkl[1] = 2;
		pkl[2] = 'N';
		Path pt = deflatedPickle("dups.pt", pkl);
		pkl = null;
		assertTrue(Files.size(pt) < 400_000, "deflated to " + Files.size(pt));
		long start = System.nanoTime();
		refusedCheaply(pt, "data.pkl");
		assertTrue(System.nanoTime() - start < 5e9);
	}

	@Test
	void stackIsBoundedWhateverTheEntrySize() throws IOException {
		// 20 million DUPs: under the pickle size limit, but far more stack than any checkpoint needs
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		b.writeBytes(new byte[] { (byte) 0x80, 2, 'N' });
		byte[] dups = new byte[20_000_000];
		Arrays.fill(dups, (byte) '2');
		b.writeBytes(dups);
		Path pt = deflatedPickle("stack.pt", b.toByteArray());
		refusedCheaply(pt, "stack");
	}

	@Test
	void memoIsBounded() throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		b.writeBytes(new byte[] { (byte) 0x80, 4, 'N' });
		byte[] memoize = new byte[20_000_000];
		Arrays.fill(memoize, (byte) 0x94);
		b.writeBytes(memoize);
		refusedCheaply(deflatedPickle("memo.pt", b.toByteArray()), "memo");
	}

	@Test
	void npyHeaderWithListKeyIsRefused() throws IOException {
		// numpy's header parser would refuse it too: a list cannot be a dict key
		byte[] npy = NpyTest.npy(1, "<f4", false, "(1,), [1]: 2", new byte[4]);
		Path file = Files.write(tmp.resolve("listkey.npy"), npy);
		CheckpointException e = assertThrows(CheckpointException.class, () -> Npy.read(file));
		assertShortMessage(e, "unhashable");
	}

	@Test
	void longPickledStringsAreShortenedInMessages() throws IOException {
		// a bare dict whose only key is a 100,000-character string and whose value is no tensor
		String key = "k".repeat(100_000);
		byte[] pkl = new PickleBuilder().proto(2).emptyDict().str(key).none().setitem().stop().toBytes();
		Path pt = CheckpointFiles.write(tmp.resolve("longkey.pt"), "archive", pkl, Map.of());
		CheckpointException e = assertThrows(CheckpointException.class, () -> PtCheckpoint.read(pt));
		assertShortMessage(e, "kkk...");
	}
}

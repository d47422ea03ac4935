package sc.fiji.revsam2.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.NiftiVersion;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.io.VolumeIOException;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * Seeded random mutations of checkpoints, .npy files and NIfTI files, fed to the readers: each
 * outcome must be a success or the reader's own documented exception
 * ({@link CheckpointException}, {@link VolumeIOException}), within a time limit per input. Any
 * other exception or error (out of memory, stack overflow, ...) or a slow input is a failure,
 * reported with the seed and index that reproduce it. Meant to run in its own JVM with a small
 * heap (see ReaderFuzzTest); also runnable by hand:
 *
 * <pre>java -Xmx256m -cp ... sc.fiji.revsam2.checkpoint.ReaderFuzzer SEED COUNT_PER_READER SECONDS_PER_INPUT FIXTURE_DIR</pre>
 *
 * Prints one line per reader, {@code reader=<name> inputs=<n> ok=<n> refused=<n> failed=<n>},
 * then the failures, and exits 0 when there are none, 1 otherwise.
 */
public final class ReaderFuzzer {

	/** One kind of input: its seed files and how to read one. */
	private interface Reader {
		void read(Path file, byte[] bytes) throws Exception;
	}

	private final SplittableRandom random;
	private final long seed;
	private final double secondsPerInput;
	private final Path work;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "fuzz-input");
		t.setDaemon(true);
		return t;
	});
	private final List<String> failures = new ArrayList<>();

	private ReaderFuzzer(long seed, double secondsPerInput, Path work) {
		this.seed = seed;
		this.random = new SplittableRandom(seed);
		this.secondsPerInput = secondsPerInput;
		this.work = work;
	}

	public static void main(String[] args) throws Exception {
		long seed = Long.parseLong(args[0]);
		int count = Integer.parseInt(args[1]);
		double seconds = Double.parseDouble(args[2]);
		Path fixtures = Paths.get(args[3]);
		Path work = Files.createTempDirectory("revsam2-fuzz");
		long t0 = System.nanoTime();
		ReaderFuzzer f = new ReaderFuzzer(seed, seconds, work);
		boolean ok = f.run(count, fixtures);
		System.out.printf(java.util.Locale.ROOT, "total seconds=%.1f heap=%dMB%n", (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
		System.out.flush();
		System.exit(ok ? 0 : 1);
	}

	private boolean run(int count, Path fixtures) throws Exception {
		// .pt: the fixture checkpoint whole, its data.pkl through the pickle reader, and a small synthetic checkpoint
		byte[] fixturePt = Files.readAllBytes(fixtures.resolve("sam2.1-micro-seed1/checkpoint.pt"));
		byte[] fixturePkl = CheckpointFiles.readZip(fixtures.resolve("sam2.1-micro-seed1/checkpoint.pt")).entrySet().stream()
				.filter(e -> e.getKey().endsWith("/data.pkl")).findFirst().orElseThrow().getValue();
		byte[] smallPt = Files.readAllBytes(smallCheckpoint());
		Reader pt = (file, bytes) -> PtCheckpoint.read(file);
		Reader pkl = (file, bytes) -> new PickleReader(bytes, "data.pkl", new TorchPickle()).load();
		fuzz("pt (fixture, whole file)", List.of(fixturePt), ".pt", count / 10, pt);
		fuzz("pt (small synthetic, whole file)", List.of(smallPt), ".pt", count / 2, pt);
		fuzz("pt (fixture data.pkl)", List.of(fixturePkl), ".pkl", count - count / 10 - count / 2, pkl);

		List<byte[]> npys = new ArrayList<>();
		try (var s = Files.list(fixtures.resolve("sam2.1-micro-seed1"))) {
			for (Path p : s.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
				if (Files.size(p) <= 64 << 10) npys.add(Files.readAllBytes(p));
			}
		}
		fuzz("npy (file)", npys, ".npy", count / 2, (file, bytes) -> Npy.read(file));
		fuzz("npy (stream)", npys, ".npy", count - count / 2, (file, bytes) -> Npy.read(new ByteArrayInputStream(bytes), "stream"));

		List<byte[]> niftis = niftis();
		fuzz("nii", niftis, ".nii", count / 2, (file, bytes) -> NiftiReader.read(file));
		// gzip the mutated bytes, so that the header and the voxel data are what the mutation hit
		fuzz("nii.gz", niftis, ".nii.gz", count - count / 2, (file, bytes) -> NiftiReader.read(file));
		worker.shutdownNow();
		for (String f : failures.subList(0, Math.min(20, failures.size()))) System.out.println("FAILURE " + f);
		return failures.isEmpty();
	}

	private Path smallCheckpoint() throws IOException {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().str("model");
		p.global("collections", "OrderedDict").emptyTuple().reduce().mark();
		p.str("a").floatTensor("0", 2, 3);
		p.str("b").tensor("HalfStorage", "1", 4, 0, new long[] { 2, 2 }, new long[] { 1, 2 });
		p.str("c").tensor("FloatStorage", "0", 6, 2, new long[] { 2 }, new long[] { 2 });
		byte[] pkl = p.setitems().setitem().stop().toBytes();
		Map<String, byte[]> storages = new LinkedHashMap<>();
		storages.put("0", CheckpointFiles.floats(1, 2, 3, 4, 5, 6));
		storages.put("1", CheckpointFiles.shorts(0x3c00, 0xc000, 0x3800, 0x7bff));
		return CheckpointFiles.write(work.resolve("small-seed.pt"), "archive", pkl, storages);
	}

	private List<byte[]> niftis() throws IOException {
		List<byte[]> out = new ArrayList<>();
		SplittableRandom r = new SplittableRandom(seed);
		float[][] s = new float[3][6 * 5];
		for (float[] slice : s) for (int i = 0; i < slice.length; i++) slice[i] = r.nextInt(-1000, 1000);
		Volume v = new Volume(6, 5, s, new Spacing(0.8, 0.7, 2.5, "mm"));
		int i = 0;
		for (NiftiVersion version : NiftiVersion.values()) {
			for (NiftiDataType type : new NiftiDataType[] { NiftiDataType.INT16, NiftiDataType.FLOAT32, NiftiDataType.UINT8 }) {
				Volume w = type == NiftiDataType.UINT8 ? new Volume(6, 5, new float[][] { new float[30], new float[30], new float[30] }, v.spacing()) : v;
				Path f = work.resolve("seed" + i++ + ".nii");
				NiftiWriter.defaults().withVersion(version).write(f, w, null, type);
				out.add(Files.readAllBytes(f));
			}
		}
		return out;
	}

	private void fuzz(String name, List<byte[]> seeds, String suffix, int n, Reader reader) throws Exception {
		int ok = 0, refused = 0, failed = 0;
		long t0 = System.nanoTime();
		for (int i = 0; i < n; i++) {
			byte[] bytes = mutate(seeds.get(random.nextInt(seeds.size())));
			Path file = work.resolve("input" + suffix);
			Files.write(file, suffix.endsWith(".gz") ? gzip(bytes) : bytes);
			String outcome = outcome(reader, file, bytes);
			if (outcome == null) ok++;
			else if (outcome.isEmpty()) refused++;
			else {
				failed++;
				failures.add(name + " #" + i + " (seed " + seed + "): " + outcome);
				if (outcome.startsWith("hang")) break; // the worker thread is stuck: stop this reader
			}
		}
		System.out.printf(java.util.Locale.ROOT, "reader=%s inputs=%d ok=%d refused=%d failed=%d seconds=%.1f%n", name, ok + refused + failed, ok, refused, failed,
				(System.nanoTime() - t0) / 1e9);
		System.out.flush();
	}

	/** null: read; "": refused with the documented exception; otherwise what went wrong. */
	private String outcome(Reader reader, Path file, byte[] bytes) throws InterruptedException {
		long t0 = System.nanoTime();
		Future<String> f = worker.submit(() -> {
			try {
				reader.read(file, bytes);
				return null;
			} catch (CheckpointException | VolumeIOException e) {
				return e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().length() < 2000 ? "" : "exception without a short message: " + e;
			} catch (Throwable e) {
				return "unexpected " + e;
			}
		});
		try {
			String o = f.get((long) (secondsPerInput * 1000), TimeUnit.MILLISECONDS);
			return o;
		} catch (TimeoutException e) {
			f.cancel(true);
			return "hang: over " + secondsPerInput + " s";
		} catch (java.util.concurrent.ExecutionException e) {
			return "unexpected " + e.getCause();
		} finally {
			if ((System.nanoTime() - t0) / 1e9 > secondsPerInput) failures.add("slow input at " + file + ": " + (System.nanoTime() - t0) / 1e9 + " s");
		}
	}

	// --- mutations ------------------------------------------------------------------------

	private static final long[] INTERESTING = { 0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, Integer.MAX_VALUE, Integer.MIN_VALUE,
			0xffffffffL, 1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 348, 540, 1 << 20, 300_000_000 };

	/** 1 to 4 random edits: bit flips, interesting values, truncation, deletion, duplication. */
	private byte[] mutate(byte[] seedBytes) {
		byte[] b = seedBytes.clone();
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits && b.length > 0; e++) {
			int at = position(b.length);
			switch (random.nextInt(7)) {
				case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> b[at] = (byte) random.nextInt(256);
				case 2, 3 -> {
					long v = INTERESTING[random.nextInt(INTERESTING.length)];
					int width = new int[] { 1, 2, 4, 8 }[random.nextInt(4)];
					for (int k = 0; k < width && at + k < b.length; k++) b[at + k] = (byte) (v >>> (8 * k));
				}
				case 4 -> b = java.util.Arrays.copyOf(b, at); // truncate
				case 5 -> { // delete a chunk
					int len = Math.min(b.length - at, 1 + random.nextInt(16));
					byte[] c = new byte[b.length - len];
					System.arraycopy(b, 0, c, 0, at);
					System.arraycopy(b, at + len, c, at, b.length - at - len);
					b = c;
				}
				default -> { // duplicate a chunk in place
					int len = Math.min(b.length - at, 1 + random.nextInt(16));
					ByteArrayOutputStream o = new ByteArrayOutputStream(b.length + len);
					o.write(b, 0, at + len);
					o.write(b, at, b.length - at);
					b = o.toByteArray();
				}
			}
		}
		return b;
	}

	/** Mostly near the start (headers, pickles), sometimes anywhere, sometimes near the end (zip directory). */
	private int position(int length) {
		int r = random.nextInt(4);
		if (r == 0) return random.nextInt(length);
		if (r == 1) return Math.max(0, length - 1 - random.nextInt(Math.min(length, 512)));
		return random.nextInt(Math.min(length, 1024));
	}

	private static byte[] gzip(byte[] b) {
		try {
			ByteArrayOutputStream o = new ByteArrayOutputStream();
			try (GZIPOutputStream g = new GZIPOutputStream(o)) {
				g.write(b);
			}
			return o.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

package sc.fiji.revsam2.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import sc.fiji.revsam2.checkpoint.TorchPickle.StorageRef;
import sc.fiji.revsam2.checkpoint.TorchPickle.TensorRef;

/**
 * Reads PyTorch checkpoints written by {@code torch.save} (the zip format of PyTorch 1.6 and
 * later), such as Meta's SAM2 releases ({@code sam2.1_hiera_tiny.pt}).
 *
 * <p>The archive holds {@code <prefix>/data.pkl}, a pickle describing the object, and
 * {@code <prefix>/data/<key>}, the raw little-endian storages its tensors view. The pickle
 * is interpreted by a restricted reader that knows only OrderedDict, the tensor rebuild
 * functions and the storage types, so a checkpoint cannot run code.
 */
public final class PtCheckpoint {

	/** data.pkl is metadata only (Meta's Large release: well under 1 MB); more is a hostile file. */
	private static final long MAX_PICKLE_BYTES = 32L << 20;
	/** Entries are read in pieces of this size at first, so that a lying size costs no memory. */
	private static final int FIRST_PIECE = 1 << 20;
	/** No deflate stream expands by more than about 1032:1; a larger claim is a corrupted header. */
	private static final long MAX_DEFLATE_RATIO = 1100;

	private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

	private PtCheckpoint() {}

	/**
	 * All tensors of a checkpoint's state dict, in file order, converted to float32.
	 * The state dict is the top-level dict's "model" entry (Meta's releases:
	 * {@code torch.save({"model": state_dict})}) or the top-level dict itself when all its
	 * values are tensors ({@code torch.save(state_dict)}).
	 *
	 * @throws CheckpointException naming the file and the problem, for anything that is not a
	 *         readable checkpoint
	 */
	public static Map<String, NdArray> read(Path file) throws CheckpointException {
		checkSignature(file);
		try (ZipFile zip = openZip(file)) {
			return new Reader(file, zip).read();
		} catch (CheckpointException e) {
			throw e;
		} catch (IOException e) {
			throw new CheckpointException(file + ": cannot read the archive (" + e.getMessage() + ")", e);
		}
	}

	/** Tells the common wrong files apart before the zip reader gives a vaguer message. */
	private static void checkSignature(Path file) throws CheckpointException {
		if (!Files.isRegularFile(file)) throw new CheckpointException(file + ": no such file");
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(6);
		} catch (IOException e) {
			throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
		}
		if (head.length == 0) throw new CheckpointException(file + ": the file is empty, not a PyTorch checkpoint");
		if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
		if (head.length == 6 && (head[0] & 0xff) == 0x93 && new String(head, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("NUMPY")) {
			throw new CheckpointException(file + ": this is a NumPy .npy file, not a PyTorch checkpoint");
		}
		if ((head[0] & 0xff) == 0x80) {
			throw new CheckpointException(file + ": a bare pickle, probably the legacy torch.save format of PyTorch < 1.6,"
					+ " which is not supported; load it in Python and save it again with a recent PyTorch");
		}
		throw new CheckpointException(file + ": not a PyTorch checkpoint (not a zip archive)");
	}

	private static ZipFile openZip(Path file) throws CheckpointException {
		try {
			return new ZipFile(file.toFile());
		} catch (ZipException e) {
			throw new CheckpointException(file + ": truncated or corrupted zip archive (" + e.getMessage()
					+ "); download the checkpoint again", e);
		} catch (IOException e) {
			throw new CheckpointException(file + ": cannot open (" + e.getMessage() + ")", e);
		}
	}

	/** One archive being read. */
	private static final class Reader {
		private final Path file;
		private final ZipFile zip;
		private final long fileSize;
		private String prefix;

		Reader(Path file, ZipFile zip) throws IOException {
			this.file = file;
			this.zip = zip;
			this.fileSize = Files.size(file);
		}

		Map<String, NdArray> read() throws IOException {
			ZipEntry pkl = findDataPkl();
			byte[] pickle = readEntry(pkl, -1, MAX_PICKLE_BYTES);
			Object top = new PickleReader(pickle, file + ", entry " + pkl.getName(), new TorchPickle()).load();
			Map<String, TensorRef> refs = stateDict(top);
			return materialize(refs);
		}

		private ZipEntry findDataPkl() throws CheckpointException {
			// torch writes "<archive name>/data.pkl"; the archive name is free, so look for the top-level one
			ZipEntry found = null;
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				String name = entry.getName();
				int slash = name.indexOf('/');
				boolean topLevel = name.equals("data.pkl") || (name.endsWith("/data.pkl") && slash == name.length() - "/data.pkl".length());
				if (!topLevel) continue;
				if (found != null) {
					throw new CheckpointException(file + ": the archive holds two data.pkl (" + found.getName() + ", " + name + ")");
				}
				found = entry;
			}
			if (found == null) {
				throw new CheckpointException(file + ": a zip archive but not a PyTorch checkpoint (no <name>/data.pkl entry)");
			}
			prefix = found.getName().substring(0, found.getName().length() - "data.pkl".length());
			return found;
		}

		@SuppressWarnings("unchecked")
		private Map<String, TensorRef> stateDict(Object top) throws CheckpointException {
			if (!(top instanceof Map<?, ?> dict)) {
				throw new CheckpointException(file + ": the checkpoint holds a " + PickleReader.typeName(top) + ", not a dict of tensors");
			}
			Object sd;
			if (!dict.isEmpty() && dict.values().stream().allMatch(v -> v instanceof TensorRef)) {
				sd = dict; // a bare state dict: torch.save(model.state_dict())
			} else if (dict.containsKey("model")) {
				sd = dict.get("model");
				if (!(sd instanceof Map)) {
					throw new CheckpointException(file + ": the \"model\" entry is a " + PickleReader.typeName(sd) + ", not a state dict");
				}
			} else {
				throw new CheckpointException(file + ": no \"model\" entry and not a bare state dict (top-level keys: " + keyList(dict) + ")");
			}
			Map<String, TensorRef> refs = new LinkedHashMap<>();
			for (Map.Entry<?, ?> e : ((Map<Object, Object>) sd).entrySet()) {
				if (!(e.getKey() instanceof String key)) {
					throw new CheckpointException(file + ": state dict key is a " + PickleReader.typeName(e.getKey()) + ", not a name");
				}
				if (!(e.getValue() instanceof TensorRef t)) {
					throw new CheckpointException(file + ": state dict entry '" + PickleReader.excerpt(key) + "' is a " + PickleReader.typeName(e.getValue()) + ", not a tensor");
				}
				refs.put(key, t);
			}
			if (refs.isEmpty()) throw new CheckpointException(file + ": the state dict holds no tensors");
			return refs;
		}

		private Map<String, NdArray> materialize(Map<String, TensorRef> refs) throws IOException {
			// Storages may back several tensors: keep their bytes only until the last one is built.
			Map<String, Integer> uses = new HashMap<>();
			// Different tensors may view one storage with different declared sizes: read the largest.
			Map<String, Long> sizes = new HashMap<>();
			for (TensorRef t : refs.values()) {
				StorageRef s = t.storage();
				uses.merge(s.key(), 1, Integer::sum);
				sizes.merge(s.key(), byteSize(s), Math::max);
			}
			checkBeforeAllocating(refs, sizes);
			Map<String, ByteBuffer> cache = new HashMap<>();

			Map<String, NdArray> out = new LinkedHashMap<>();
			for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
				String name = e.getKey();
				TensorRef t = e.getValue();
				StorageRef s = t.storage();
				float[] values = new float[(int) t.numel()];
				if (values.length > 0) {
					ByteBuffer bytes = cache.get(s.key());
					if (bytes == null) bytes = readStorage(s, sizes.get(s.key()), name);
					if (uses.get(s.key()) > 1) cache.put(s.key(), bytes);
					convert(t, bytes, values);
				}
				if (uses.merge(s.key(), -1, Integer::sum) == 0) cache.remove(s.key());
				out.put(name, new NdArray(t.shape(), values, s.type().dtype));
			}
			return out;
		}

		/**
		 * Every storage against its entry's size and all the tensors against the memory, before
		 * a single array is allocated: a file of a few hundred bytes may declare gigabytes.
		 */
		private void checkBeforeAllocating(Map<String, TensorRef> refs, Map<String, Long> sizes) throws CheckpointException {
			Map<String, String> firstUser = new HashMap<>();
			long floats = 0;
			for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
				TensorRef t = e.getValue();
				floats += t.numel(); // each below 2^31 and at most a few thousand tensors: no overflow
				if (t.numel() > 0) firstUser.putIfAbsent(t.storage().key(), e.getKey());
			}
			long largestStorage = 0;
			for (Map.Entry<String, String> e : firstUser.entrySet()) {
				String entryName = prefix + "data/" + e.getKey();
				ZipEntry entry = zip.getEntry(entryName);
				if (entry == null) {
					throw new CheckpointException(file + ": storage entry " + entryName + " of tensor '" + PickleReader.excerpt(e.getValue()) + "' is missing");
				}
				long need = sizes.get(e.getKey());
				if (need > MAX_ARRAY_BYTES) {
					throw new CheckpointException(file + ": storage " + entryName + " of tensor '" + PickleReader.excerpt(e.getValue()) + "' is too large to read into one array");
				}
				if (entry.getSize() >= 0 && entry.getSize() < need) {
					throw new CheckpointException(file + ": storage entry " + entryName + " has " + entry.getSize() + " bytes but tensor '"
							+ PickleReader.excerpt(e.getValue()) + "' needs " + need);
				}
				largestStorage = Math.max(largestStorage, need);
			}
			Runtime rt = Runtime.getRuntime();
			long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
			double needed = 4.0 * floats + largestStorage;
			if (needed > free) {
				throw new CheckpointException(String.format(java.util.Locale.ROOT,
						"%s: its %d tensors need %.1f MB of memory as float32 but Java has %.1f MB free; raise the memory limit (-Xmx)",
						file, refs.size(), needed / 1e6, free / 1e6));
			}
		}

		/** Bytes of a storage, or Long.MAX_VALUE when it cannot fit one Java array. */
		private static long byteSize(StorageRef s) {
			return s.numel() > MAX_ARRAY_BYTES / s.type().bytes ? Long.MAX_VALUE : s.numel() * s.type().bytes;
		}

		private ByteBuffer readStorage(StorageRef s, long need, String tensorName) throws IOException {
			String entryName = prefix + "data/" + s.key();
			ZipEntry entry = zip.getEntry(entryName);
			if (entry == null) {
				throw new CheckpointException(file + ": storage entry " + entryName + " of tensor '" + PickleReader.excerpt(tensorName) + "' is missing");
			}
			if (need > MAX_ARRAY_BYTES) {
				throw new CheckpointException(file + ": storage " + entryName + " of " + s.numel() + " x " + s.type().dtype
						+ " is too large to read into one array");
			}
			if (entry.getSize() >= 0 && entry.getSize() < need) {
				throw new CheckpointException(file + ": storage entry " + entryName + " has " + entry.getSize() + " bytes but tensor '"
						+ PickleReader.excerpt(tensorName) + "' needs " + need);
			}
			return ByteBuffer.wrap(readEntry(entry, need, need)).order(ByteOrder.LITTLE_ENDIAN);
		}

		/**
		 * The first {@code want} bytes of an entry (all of it when want is -1), refusing
		 * sizes the archive cannot hold before allocating anything.
		 */
		private byte[] readEntry(ZipEntry entry, long want, long max) throws IOException {
			long declared = entry.getSize();
			long packed = entry.getCompressedSize();
			boolean plausible = packed <= fileSize
					&& (declared < 0 || packed < 0 || (entry.getMethod() == ZipEntry.STORED ? declared <= fileSize : declared <= packed * MAX_DEFLATE_RATIO + 1024));
			if (!plausible) {
				throw new CheckpointException(file + ": corrupted zip archive: entry " + entry.getName() + " claims " + declared
						+ " bytes in a file of " + fileSize);
			}
			long n = want >= 0 ? want : declared;
			if (n > max) throw new CheckpointException(file + ": entry " + entry.getName() + " is implausibly large (" + n + " bytes)");
			try (InputStream in = zip.getInputStream(entry)) {
				if (n < 0) {
					// size unknown: read at most max bytes
					byte[] b = in.readNBytes((int) max + 1);
					if (b.length > max) throw new CheckpointException(file + ": entry " + entry.getName() + " is implausibly large");
					return b;
				}
				byte[] b = readUpTo(in, (int) n);
				int got = b.length;
				if (got < n) {
					throw new CheckpointException(file + ": entry " + entry.getName() + " ends after " + got + " of " + n
							+ " bytes (truncated archive)");
				}
				// ZipFile does not check stored entries' CRCs; without this a damaged download gives wrong weights
				if (n == declared && entry.getCrc() != -1) {
					CRC32 crc = new CRC32();
					crc.update(b);
					if (crc.getValue() != entry.getCrc()) {
						throw new CheckpointException(file + ": entry " + entry.getName()
								+ " is corrupted (checksum mismatch); download the checkpoint again");
					}
				}
				return b;
			} catch (ZipException | java.io.EOFException e) {
				throw new CheckpointException(file + ": entry " + entry.getName() + " is truncated or corrupted (" + e.getMessage() + ")", e);
			}
		}

		/**
		 * Up to n bytes, in an array grown as they arrive: a deflated entry's declared size is
		 * only a claim, and a few hundred bytes may claim a gigabyte.
		 */
		private static byte[] readUpTo(InputStream in, int n) throws IOException {
			byte[] b = new byte[Math.min(n, FIRST_PIECE)];
			int got = 0;
			while (got < n) {
				if (got == b.length) b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
				int r = in.readNBytes(b, got, b.length - got);
				if (r == 0) return java.util.Arrays.copyOf(b, got);
				got += r;
			}
			return b;
		}

		private static void convert(TensorRef t, ByteBuffer bytes, float[] dst) {
			StorageType type = t.storage().type();
			if (type == StorageType.FLOAT && t.contiguous()) {
				bytes.asFloatBuffer().get((int) t.offset(), dst); // the common case, as one bulk copy
				return;
			}
			Strided.gather(i -> type.read(bytes, i), t.offset(), t.shape(), t.stride(), dst);
		}

		private static String keyList(Map<?, ?> dict) {
			List<String> keys = new ArrayList<>();
			for (Object k : dict.keySet()) {
				if (keys.size() == 10) {
					keys.add("...");
					break;
				}
				keys.add(k instanceof String s ? "\"" + PickleReader.excerpt(s) + "\"" : PickleReader.typeName(k));
			}
			return keys.isEmpty() ? "none" : String.join(", ", keys);
		}
	}
}

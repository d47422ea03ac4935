package sc.fiji.revsam2.algorithm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.tracking.FrameSource;

/**
 * Image features of slices, each computed once per run and kept for every later use (forward,
 * reverse and self-propagation, and every class of a multi-class run).
 *
 * <p>Features are big (16 MB per slice for a 1024 px model): up to {@code memoryBudget} bytes
 * stay in (native) memory; beyond it, features are written to a temporary file and read back
 * when leased. Re-encoding would cost about a second per slice; reading back costs
 * milliseconds, and the numbers are bit-identical.</p>
 */
public final class SliceFeatureCache implements AutoCloseable {

	private final Sam2Model model;
	private final long memoryBudget;
	private final Map<Object, Entry> entries = new HashMap<>();
	private long inMemoryBytes;
	private Path spillFile;
	private FileChannel spill;

	public SliceFeatureCache(Sam2Model model, long memoryBudget) {
		this.model = model;
		this.memoryBudget = memoryBudget;
	}

	/**
	 * The frame source of a slice. {@code key} identifies the image (same key, same features);
	 * {@code normalised} gives its grey values in [0, 1] when it must be encoded.
	 */
	public synchronized FrameSource source(Object key, int width, int height, Supplier<float[]> normalised) {
		return entries.computeIfAbsent(key, k -> new Entry(width, height, normalised));
	}

	/** Number of slices encoded so far. */
	public synchronized int encodedCount() {
		return (int) entries.values().stream().filter(e -> e.encoded).count();
	}

	/** Bytes of features kept on disk. */
	public synchronized long spilledBytes() {
		try {
			return spill == null ? 0 : spill.size();
		} catch (IOException e) {
			return -1;
		}
	}

	private final class Entry implements FrameSource {
		final int width, height;
		final Supplier<float[]> normalised;
		boolean encoded;
		FrameFeatures resident;
		long offset = -1;

		Entry(int width, int height, Supplier<float[]> normalised) {
			this.width = width;
			this.height = height;
			this.normalised = normalised;
		}

		@Override
		public int width() { return width; }

		@Override
		public int height() { return height; }

		@Override
		public FeatureLease features() {
			synchronized (SliceFeatureCache.this) {
				if (!encoded) {
					FrameFeatures f = model.encodeSlices(List.of(normalised.get()), width, height);
					encoded = true;
					if (inMemoryBytes + f.byteSize() <= memoryBudget) {
						resident = f;
						inMemoryBytes += f.byteSize();
					} else {
						offset = spillOut(f);
						return owned(f);
					}
				}
				if (resident != null) return borrowed(resident);
				return owned(spillIn(offset));
			}
		}
	}

	private long spillOut(FrameFeatures f) {
		try {
			if (spill == null) {
				spillFile = Files.createTempFile("revsam2-features", ".bin");
				spillFile.toFile().deleteOnExit();
				spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			long offset = spill.size();
			spill.position(offset);
			model.writeFeatures(f, spill);
			return offset;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot keep image features in a temporary file (" + e.getMessage() + "); free disk space or raise the feature memory budget", e);
		}
	}

	private FrameFeatures spillIn(long offset) {
		try {
			spill.position(offset);
			return model.readFeatures(spill);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read image features back from " + spillFile + ": " + e.getMessage(), e);
		}
	}

	private static FrameSource.FeatureLease borrowed(FrameFeatures f) {
		return new FrameSource.FeatureLease() {
			@Override
			public FrameFeatures get() { return f; }

			@Override
			public void close() {}
		};
	}

	private static FrameSource.FeatureLease owned(FrameFeatures f) {
		return new FrameSource.FeatureLease() {
			@Override
			public FrameFeatures get() { return f; }

			@Override
			public void close() { f.close(); }
		};
	}

	@Override
	public synchronized void close() {
		for (Entry e : entries.values()) if (e.resident != null) e.resident.close();
		entries.clear();
		inMemoryBytes = 0;
		try {
			if (spill != null) spill.close();
			if (spillFile != null) Files.deleteIfExists(spillFile);
		} catch (IOException e) {
			// a leftover temporary file is deleted on exit
		}
		spill = null;
	}
}

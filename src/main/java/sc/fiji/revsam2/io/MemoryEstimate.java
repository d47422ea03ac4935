package sc.fiji.revsam2.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What reading a volume really costs the Java heap, counted per object: a volume is one array
 * per slice, and each array has a header and is padded to 8 bytes, so a 1 x 1 x 300,000,000
 * volume costs 28 bytes per voxel, not 4. Readers compare this with the free heap before they
 * allocate and refuse with the figures.
 */
public final class MemoryEstimate {

	/** HotSpot, 64-bit: array header (mark, class, length) and one reference in the slice table. */
	private static final long ARRAY_HEADER = 16, REFERENCE = 8;

	private MemoryEstimate() {}

	/** Bytes of {@code depth} slice arrays of {@code width x height} elements of {@code bytesPerElement}, with their table. */
	public static double sliceArrays(long width, long height, long depth, int bytesPerElement) {
		double perSlice = ARRAY_HEADER + align8((double) width * height * bytesPerElement) + REFERENCE;
		return ARRAY_HEADER + depth * perSlice;
	}

	/** Bytes of a float volume (one float[] per slice). */
	public static double floatVolume(long width, long height, long depth) {
		return sliceArrays(width, height, depth, 4);
	}

	/** Heap Java may still use: its limit less what is in use (after a collection when that is too little). */
	public static long available(double wanted) {
		long free = freeHeap();
		if (free < wanted) {
			System.gc(); // garbage counts as used until collected; ask once before refusing
			free = freeHeap();
		}
		return free;
	}

	private static long freeHeap() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Refuses with the figures when {@code bytes} do not fit the free heap.
	 *
	 * @param what what needs the memory, e.g. "the 1x1x300000000 volume as floats"
	 */
	public static void require(Path file, double bytes, String what) throws VolumeIOException {
		long free = available(bytes);
		if (bytes > free) {
			throw new VolumeIOException(file, String.format(Locale.ROOT,
					"%s needs %s of memory but Java has %s free; raise the memory limit (JAVA_OPTS=-Xmx...) or crop the image",
					what, format(bytes), format(free)));
		}
	}

	/** 1.2 GB, 340.5 MB, ... */
	public static String format(double bytes) {
		return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}

	private static double align8(double n) {
		return Math.ceil(n / 8) * 8;
	}
}

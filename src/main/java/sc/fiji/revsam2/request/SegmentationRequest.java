package sc.fiji.revsam2.request;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.sam2.Precision;

/**
 * What a user asks for when segmenting, whichever front end they use: class names, the slice
 * range, intensity window, method, k, seed, hole filling, precision and where the outputs go.
 * The supports themselves come from images the front end owns and are gathered by
 * {@link SupportClasses}. Built from text by {@link RequestText}; defaults are those of the
 * command line and the Fiji commands.
 */
public record SegmentationRequest(Map<Integer, String> classNames, SliceRange slices, IntensityWindow window, Method method, int k, long seed,
	int fillHoles, Precision precision, Path labelsOutput, Path scoresOutput) {

	public static final int DEFAULT_K = 10;
	public static final int DEFAULT_FILL_HOLES = 8;

	public SegmentationRequest {
		classNames = Map.copyOf(classNames);
		if (slices == null) slices = SliceRange.ALL;
		if (window == null) window = IntensityWindow.MIN_MAX;
		if (method == null) method = Method.REVSAM2;
		if (precision == null) precision = Precision.FLOAT32;
		if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
		if (fillHoles < 0) throw new IllegalArgumentException("hole filling must be 0 (off) or more, got " + fillHoles);
	}

	/** The defaults: all slices, min-max window, RevSAM2, k = 10, hole filling 8, float32, no output file. */
	public static SegmentationRequest defaults() {
		return new SegmentationRequest(Map.of(), SliceRange.ALL, IntensityWindow.MIN_MAX, Method.REVSAM2, DEFAULT_K, 0, DEFAULT_FILL_HOLES,
			Precision.FLOAT32, null, null);
	}

	/**
	 * The algorithm's options for a query of {@code depth} slices (the slice range checked and
	 * clamped by {@link SliceRange#zeroBased}).
	 * @param slicesOption how the user gave the slice range, for messages
	 */
	public RevSam2Options options(int depth, String slicesOption, String volumeName, Consumer<String> warn) {
		RevSam2Options o = new RevSam2Options().k(k).method(method).seed(seed).window(window).fillHoleArea(fillHoles);
		if (!slices.isAll()) {
			int[] r = slices.zeroBased(depth, slicesOption, volumeName, warn);
			o.sliceRange(r[0], r[1]);
		}
		return o;
	}
}

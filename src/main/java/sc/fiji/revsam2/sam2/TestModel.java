package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Arbitrary weights for tests and the benchmark: the micro SAM2.1 architecture (Hiera-Tiny with
 * tiny widths, 256 px) with seeded random weights, converted on first use into the user's
 * {@link ModelCache}. It exercises every part of the pipeline in seconds; its segmentations are
 * meaningless. Users try the plugin with {@link PhantomModel} instead.
 */
public final class TestModel {

	public static final String NAME = "test-micro-random";
	public static final long SEED = 20261128L;
	/** Bumped when {@link RandomWeights} changes, so that a cached test model is made again. */
	static final int WEIGHTS_VERSION = 2;
	/** Kept for callers that still show the random-weight model to a user; the plugin itself offers {@link PhantomModel}. */
	public static final String WARNING = "Using the bundled TEST model (random weights): this shows the machinery working, "
		+ "not a segmentation. Install a real SAM2 model for real results.";

	private TestModel() {}

	/** The test model's folder in the user's {@link ModelCache}, converting it first if needed. */
	public static Path folder() throws IOException {
		return folder(ModelCache.user());
	}

	public static synchronized Path folder(ModelCache cache) throws IOException {
		String key = NAME + "-f" + ModelDescriptor.FORMAT_VERSION + "-w" + WEIGHTS_VERSION;
		return cache.entry(key, dir -> {
			Architecture arch = Architecture.load(Architecture.MICRO);
			Sam2Engines.tensorFlow().convert(RandomWeights.generate(arch, SEED), NAME + " (random weights, seed " + SEED + ")", dir, arch.imageSize());
		});
	}
}

package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The bundled test model: the micro SAM2.1 architecture (Hiera-Tiny with tiny widths, 256 px)
 * with seeded random weights, converted on first use into a cache folder. It exercises every
 * part of the pipeline in seconds; its segmentations are meaningless.
 */
public final class TestModel {

	public static final String NAME = "test-micro-random";
	public static final long SEED = 20261128L;
	/** Bumped when {@link RandomWeights} changes, so that a cached test model is made again. */
	static final int WEIGHTS_VERSION = 2;
	public static final String WARNING = "Using the bundled TEST model (random weights): this shows the machinery working, "
		+ "not a segmentation. Install a real SAM2 model for real results.";

	private TestModel() {}

	/** The test model's folder, converting it first if needed. */
	public static synchronized Path folder() throws IOException {
		Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "revsam2-" + NAME + "-f" + ModelDescriptor.FORMAT_VERSION + "-w" + WEIGHTS_VERSION);
		try {
			ModelDescriptor.read(dir);
			return dir;
		} catch (ModelFolderException missingOrStale) {
			if (Files.exists(dir)) deleteRecursively(dir);
		}
		Architecture arch = Architecture.load(Architecture.MICRO);
		try {
			Sam2Engines.tensorFlow().convert(RandomWeights.generate(arch, SEED), NAME + " (random weights, seed " + SEED + ")", dir, arch.imageSize());
		} catch (IOException e) {
			if (!Files.exists(dir)) throw e; // another process converted it at the same time
		}
		return dir;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
		}
	}
}

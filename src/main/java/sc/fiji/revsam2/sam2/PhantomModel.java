package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model shipped inside the plugin: "micro-phantom", a SAM2.1 of the micro architecture
 * (0.81 M parameters) trained with Meta's code on synthetic CT-like phantoms only. It segments
 * the demo's phantoms (the organ, not the small kidney) and nothing real: it is what the demo,
 * the "try it" choice and the tests that need real masks use when no real model is installed.
 * Converted once at 256 px (its training size; it stores none) into the user's
 * {@link ModelCache}.
 */
public final class PhantomModel {

	public static final String NAME = "micro-phantom";
	/** The checkpoint in the jar (Meta's official .pt format). */
	public static final String CHECKPOINT_RESOURCE = "/sc/fiji/revsam2/models/micro-phantom/checkpoint.pt";
	/** The size it was trained at; converted at SAM2's default 1024 its Dice drops. */
	public static final int IMAGE_SIZE = 256;
	/** What every place that shows its output says. */
	public static final String DESCRIPTION = "a small model trained only on synthetic phantoms, to show the plugin working; "
		+ "install SAM2 or MedSAM2 for real images";
	public static final String WARNING = "Using the bundled phantom model (" + NAME + "): " + DESCRIPTION + ".";

	private PhantomModel() {}

	/** The converted, digest-verified model folder in the user's cache, converting it on first use (a few seconds). */
	public static Path folder() throws IOException {
		return folder(ModelCache.user());
	}

	public static synchronized Path folder(ModelCache cache) throws IOException {
		String digest;
		try (InputStream in = open()) {
			digest = ModelCache.sha256(in);
		}
		String key = NAME + "-" + IMAGE_SIZE + "px-f" + ModelDescriptor.FORMAT_VERSION + "-" + digest.substring(0, 16);
		return cache.entry(key, folder -> {
			// the converter reads a file: copy the resource into the private staging folder first
			Path ckpt = folder.resolveSibling("checkpoint.pt");
			try (InputStream in = open()) {
				Files.copy(in, ckpt);
			}
			try {
				Sam2Engines.tensorFlow().convert(ckpt, folder, IMAGE_SIZE);
			} finally {
				Files.deleteIfExists(ckpt);
			}
		});
	}

	private static InputStream open() throws IOException {
		InputStream in = PhantomModel.class.getResourceAsStream(CHECKPOINT_RESOURCE);
		if (in == null) throw new IOException("the bundled phantom model " + CHECKPOINT_RESOURCE + " is missing from the plugin's jar; reinstall the plugin");
		return in;
	}
}

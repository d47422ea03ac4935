package sc.fiji.revsam2.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.checkpoint.Npy;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.tf.Sam2Converter;
import sc.fiji.revsam2.tf.TfSam2Model;

/**
 * The golden fixtures of Meta's reference SAM2 (src/test/resources/fixtures), converted test
 * models, layout conversions and the fixture README's tolerances.
 */
public final class Fixtures {

	public static final String SAM21 = "sam2.1-micro-seed1";
	public static final String SAM20 = "sam2.0-micro-seed2";
	/** Trained weights: the phantom model shipped with the plugin (its checkpoint is that resource, not a copy). */
	public static final String PHANTOM = "sam2.1-micro-phantom";
	/** SAM2.1 at MedSAM2's 512 px input. */
	public static final String SAM21_512 = "sam2.1-micro512-seed11";
	public static final String[] ALL = { SAM21, SAM20, SAM21_512 };

	private static final Map<String, Path> MODELS = new HashMap<>();
	private static Path modelRoot;

	private Fixtures() {}

	public static Path folder(String fixture) {
		try {
			return Paths.get(Fixtures.class.getResource("/fixtures/" + fixture).toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A file of a fixture folder, failing with the missing path's name. */
	public static Path file(String fixture, String name) {
		Path p = folder(fixture).resolve(name);
		if (!java.nio.file.Files.exists(p)) throw new IllegalStateException("missing test fixture fixtures/" + fixture + "/" + name);
		return p;
	}

	/** The fixture's checkpoint; for {@link #PHANTOM}, the phantom model shipped in the plugin's resources. */
	public static Path checkpoint(String fixture) {
		Path own = folder(fixture).resolve("checkpoint.pt");
		if (Files.exists(own) || !fixture.equals(PHANTOM)) return own;
		try {
			return Paths.get(Fixtures.class.getResource(PhantomModel.CHECKPOINT_RESOURCE).toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	public static NdArray npy(String fixture, String name) {
		try {
			return Npy.read(folder(fixture).resolve(name + ".npy"));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The run parameters of a fixture ({@code _config} of its manifest). */
	public static JsonObject config(String fixture) {
		try (Reader r = Files.newBufferedReader(folder(fixture).resolve("manifest.json"))) {
			return JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("_config");
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public static int imageSize(String fixture) {
		return config(fixture).get("image_size").getAsInt();
	}

	/** The fixture's checkpoint converted once per test JVM into a temporary model folder. */
	public static synchronized Path modelFolder(String fixture) {
		return MODELS.computeIfAbsent(fixture, f -> {
			try {
				if (modelRoot == null) {
					modelRoot = Files.createTempDirectory("revsam2-test-models");
					TempDirs.deleteOnExit(modelRoot);
				}
				Path out = modelRoot.resolve(f);
				Sam2Converter.convert(checkpoint(f), out, imageSize(f));
				return out;
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
		});
	}

	public static TfSam2Model loadModel(String fixture) {
		try {
			return TfSam2Model.load(modelFolder(fixture), ComputeDevice.CPU);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	// ---- layouts ------------------------------------------------------------------------------

	/** NCHW -> NHWC values. */
	public static float[] nchwToNhwc(NdArray a) {
		int n = (int) a.dim(0), c = (int) a.dim(1), h = (int) a.dim(2), w = (int) a.dim(3);
		float[] src = a.data(), dst = new float[src.length];
		for (int b = 0; b < n; b++)
			for (int ch = 0; ch < c; ch++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						dst[((b * h + y) * w + x) * c + ch] = src[((b * c + ch) * h + y) * w + x];
		return dst;
	}

	/** Sequence-first (L, B, C) -> batch-first (B, L, C) values. */
	public static float[] seqFirstToBatchFirst(NdArray a) {
		int l = (int) a.dim(0), b = (int) a.dim(1), c = (int) a.dim(2);
		float[] src = a.data(), dst = new float[src.length];
		for (int i = 0; i < l; i++)
			for (int j = 0; j < b; j++)
				System.arraycopy(src, (i * b + j) * c, dst, (j * l + i) * c, c);
		return dst;
	}

	// ---- tolerances (fixtures README) ----------------------------------------------------------

	public static float maxAbs(float[] a) {
		float m = 0;
		for (float v : a) m = Math.max(m, Math.abs(v));
		return m;
	}

	public static float maxAbsError(float[] expected, float[] actual) {
		assertArrayEquals(new int[] { expected.length }, new int[] { actual.length }, "array lengths differ");
		float m = 0;
		for (int i = 0; i < expected.length; i++) {
			float d = Math.abs(expected[i] - actual[i]);
			if (!(d <= m)) m = Float.isNaN(d) ? Float.POSITIVE_INFINITY : d;
		}
		return m;
	}

	/** Feature maps and attention outputs: max abs error <= 1e-3 x (1 + max abs value). */
	public static float assertFeaturesClose(float[] expected, float[] actual, String what) {
		float err = maxAbsError(expected, actual);
		float tol = 1e-3f * (1 + maxAbs(expected));
		assertTrue(err <= tol, what + ": max abs error " + err + " > tolerance " + tol);
		System.out.printf("[parity] %-48s max abs error %.3g (tolerance %.3g)%n", what, err, tol);
		return err;
	}

	/** Mask logits: max abs error <= 2e-3, and masks (logit > 0) agreeing on >= 99.5 % of pixels. */
	public static void assertLogitsClose(float[] expected, float[] actual, String what) {
		float err = 0;
		int agree = 0;
		for (int i = 0; i < expected.length; i++) {
			if ((expected[i] > 0) == (actual[i] > 0)) agree++;
			float d = Math.abs(expected[i] - actual[i]);
			if (!(d <= err)) err = Float.isNaN(d) ? Float.POSITIVE_INFINITY : d;
		}
		double agreement = (double) agree / expected.length;
		System.out.printf("[parity] %-48s max abs error %.3g, mask agreement %.4f%n", what, err, agreement);
		assertTrue(err <= 2e-3f, what + ": max abs logit error " + err + " > 2e-3");
		assertTrue(agreement >= 0.995, what + ": masks agree on only " + agreement);
	}
}

package sc.fiji.revsam2.sam2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import sc.fiji.revsam2.checkpoint.NdArray;

/**
 * Seeded random weights for an architecture: a model that runs every code path (for the demo
 * without a real checkpoint, for tests and the benchmark) but segments nothing meaningful.
 * Scales follow common initialisations so that activations stay finite.
 */
public final class RandomWeights {

	private RandomWeights() {}

	/** The object-score head's last bias, positive so that random models predict "object present" and show masks. */
	static final String OBJECT_SCORE_BIAS = "sam_mask_decoder.pred_obj_score_head.layers.2.bias";

	public static Map<String, NdArray> generate(Architecture arch, long seed) {
		SplittableRandom rnd = new SplittableRandom(seed);
		Map<String, NdArray> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : arch.shapes().entrySet()) {
			String name = e.getKey();
			long[] shape = e.getValue();
			int n = (int) NdArray.numElements(shape);
			float[] v = new float[n];
			boolean norm = name.contains("norm") || name.matches(".*mask_downsampler\\.encoder\\.\\d+\\..*") && shape.length == 1 && isLayerNorm(arch, name)
				|| name.matches(".*(mask_downscaling|output_upscaling)\\.[14]\\.weight");
			if (name.equals(OBJECT_SCORE_BIAS)) {
				fill(v, 5f);
			} else if (name.endsWith(".gamma")) {
				fill(v, 0.1f);
			} else if (norm && name.endsWith(".weight")) {
				fill(v, 1f);
			} else if (norm && name.endsWith(".bias")) {
				// zeros
			} else if (name.endsWith(".weight") && shape.length >= 2) {
				long fanIn = 1;
				for (int i = 1; i < shape.length; i++) fanIn *= shape[i];
				double b = 1 / Math.sqrt(fanIn);
				for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble(-b, b));
			} else if (name.endsWith("positional_encoding_gaussian_matrix")) {
				for (int i = 0; i < n; i++) v[i] = (float) gaussian(rnd);
			} else {
				for (int i = 0; i < n; i++) v[i] = (float) (0.02 * gaussian(rnd));
			}
			out.put(name, new NdArray(shape, v));
		}
		return out;
	}

	/** LayerNorm2d layers of the mask downsampler are the odd positions 1, 4, 7, ... */
	private static boolean isLayerNorm(Architecture arch, String name) {
		String idx = name.replaceAll(".*encoder\\.(\\d+)\\..*", "$1");
		return Integer.parseInt(idx) % 3 == 1;
	}

	private static void fill(float[] v, float x) {
		java.util.Arrays.fill(v, x);
	}

	private static double gaussian(SplittableRandom r) {
		return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
	}
}

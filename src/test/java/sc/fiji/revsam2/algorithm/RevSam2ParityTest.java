package sc.fiji.revsam2.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.testing.Fixtures.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * The whole RevSAM2 pipeline against the fixtures' pipeline outputs (Meta's SAM2 video
 * predictor with seeded random weights): forward logits, reverse logits, Dice and scores, the
 * selection, and the final logits both from our selection and from the golden one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevSam2ParityTest {

	private final Map<String, TfSam2Model> models = new HashMap<>();

	@AfterAll
	void close() {
		models.values().forEach(TfSam2Model::close);
	}

	static Volume volume(NdArray a) {
		int d = (int) a.dim(0), h = (int) a.dim(1), w = (int) a.dim(2);
		float[][] slices = new float[d][];
		for (int z = 0; z < d; z++) slices[z] = Arrays.copyOfRange(a.data(), z * h * w, (z + 1) * h * w);
		return new Volume(w, h, slices, Spacing.UNIT);
	}

	static List<Support> supports(String fx) {
		Volume source = volume(npy(fx, "pipeline.support_volume"));
		NdArray idx = npy(fx, "pipeline.support_slices"), masks = npy(fx, "pipeline.support_masks");
		int n = (int) idx.dim(0), h = (int) masks.dim(1), w = (int) masks.dim(2);
		List<Support> out = new ArrayList<>();
		for (int j = 0; j < n; j++) {
			boolean[] m = new boolean[h * w];
			for (int p = 0; p < m.length; p++) m[p] = masks.data()[j * h * w + p] != 0;
			out.add(new Support(source, (int) idx.data()[j], new Mask2D(w, h, m)));
		}
		return out;
	}

	private RevSam2Result run(String fx, int[] fixedSelection) {
		return run(fx, fixedSelection, 1L << 30);
	}

	private RevSam2Result run(String fx, int[] fixedSelection, long featureBudget) {
		TfSam2Model model = models.computeIfAbsent(fx, Fixtures::loadModel);
		int k = (int) npy(fx, "pipeline.k").data()[0];
		RevSam2Options opt = new RevSam2Options().k(k).fillHoleArea(0).keepReverseLogits(true).conditioningSlices(fixedSelection);
		try (SliceFeatureCache cache = new SliceFeatureCache(model, featureBudget)) {
			RevSam2Result r = new RevSam2(model, cache).run(volume(npy(fx, "pipeline.query_volume")), supports(fx), opt, TaskMonitor.NONE);
			if (featureBudget == 0) assertTrue(cache.spilledBytes() > 0, "features were kept on disk");
			return r;
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21 })
	void featuresKeptOnDiskGiveIdenticalResults(String fx) {
		RevSam2Result inMemory = run(fx, null), onDisk = run(fx, null, 0);
		assertArrayEquals(inMemory.selected(), onDisk.selected());
		for (int z = 0; z < inMemory.depth(); z++) {
			assertArrayEquals(inMemory.forwardLogits(z), onDisk.forwardLogits(z), 0f, "forward slice " + z);
			assertArrayEquals(inMemory.finalLogits(z), onDisk.finalLogits(z), 0f, "final slice " + z);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void pipelineMatchesReference(String fx) {
		RevSam2Result r = run(fx, null);
		NdArray fwd = npy(fx, "pipeline.forward_logits");
		int d = (int) fwd.dim(0), hw = (int) (fwd.dim(1) * fwd.dim(2));
		for (int z = 0; z < d; z++) {
			assertLogitsClose(Arrays.copyOfRange(fwd.data(), z * hw, (z + 1) * hw), r.forwardLogits(z), fx + " forward logits slice " + z);
		}
		NdArray rev = npy(fx, "pipeline.reverse_logits"), dice = npy(fx, "pipeline.reverse_dice"), scores = npy(fx, "pipeline.scores");
		int n = (int) rev.dim(1), shw = (int) (rev.dim(2) * rev.dim(3));
		float maxDiceErr = 0, maxScoreErr = 0;
		for (int z = 0; z < d; z++) {
			for (int j = 0; j < n; j++) {
				int o = (z * n + j) * shw;
				assertLogitsClose(Arrays.copyOfRange(rev.data(), o, o + shw), r.reverseLogits()[z][j], fx + " reverse logits slice " + z + " support " + j);
				maxDiceErr = Math.max(maxDiceErr, Math.abs(dice.data()[z * n + j] - r.reverseDice()[z][j]));
			}
			maxScoreErr = Math.max(maxScoreErr, Math.abs(scores.data()[z] - r.scores()[z]));
		}
		System.out.printf("[parity] %s reverse Dice max error %.4g, score max error %.4g%n", fx, maxDiceErr, maxScoreErr);
		assertTrue(maxDiceErr <= 0.01, fx + ": reverse Dice off by " + maxDiceErr);
		assertTrue(maxScoreErr <= 0.01, fx + ": scores off by " + maxScoreErr);

		int[] golden = toInts(npy(fx, "pipeline.selected"));
		float[] sorted = scores.data().clone();
		Arrays.sort(sorted);
		int k = golden.length;
		float gap = k < d ? sorted[d - k] - sorted[d - k - 1] : Float.POSITIVE_INFINITY;
		if (gap > 0.01f) {
			assertArrayEquals(Arrays.stream(golden).sorted().toArray(), r.selected(), fx + ": selection differs although the k-th score leads by " + gap);
			assertFinal(fx, r, "final logits (our selection)");
		} else if (Arrays.equals(Arrays.stream(golden).sorted().toArray(), r.selected())) {
			System.out.printf("[parity] %s selection near-tie (gap %.4g) but equal to the golden one%n", fx, gap);
			assertFinal(fx, r, "final logits (our selection)");
		} else {
			System.out.printf("[parity] %s selection near-tie (gap %.4g) and differs: %s vs golden %s%n", fx, gap,
				Arrays.toString(r.selected()), Arrays.toString(golden));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void selfPropagationWithGoldenSelection(String fx) {
		int[] golden = toInts(npy(fx, "pipeline.selected"));
		RevSam2Result r = run(fx, golden);
		assertArrayEquals(Arrays.stream(golden).sorted().toArray(), r.selected());
		assertFinal(fx, r, "final logits (golden selection)");
	}

	/** Trained weights: our masks score against the phantom's truth what the reference's score, slice for slice. */
	@ParameterizedTest
	@ValueSource(strings = { PHANTOM })
	void segmentsThePhantomLikeTheReference(String fx) {
		RevSam2Result r = run(fx, null);
		NdArray truth = npy(fx, "pipeline.query_truth"), fin = npy(fx, "pipeline.final_mask"), fwd = npy(fx, "pipeline.forward_logits");
		int d = (int) truth.dim(0), h = (int) truth.dim(1), w = (int) truth.dim(2), hw = h * w;
		long[] ours = new long[3], ref = new long[3], oursFwd = new long[3], refFwd = new long[3];
		for (int z = 0; z < d; z++) {
			boolean[] fm = r.finalMask(z).pixels();
			float[] fl = r.forwardLogits(z);
			for (int p = 0; p < hw; p++) {
				boolean t = truth.data()[z * hw + p] != 0;
				count(ours, fm[p], t);
				count(ref, fin.data()[z * hw + p] != 0, t);
				count(oursFwd, fl[p] > 0, t);
				count(refFwd, fwd.data()[z * hw + p] > 0, t);
			}
		}
		double dOurs = dice(ours), dRef = dice(ref), fOurs = dice(oursFwd), fRef = dice(refFwd);
		System.out.printf("[parity] %s Dice against the truth: final %.4f (reference %.4f), forward %.4f (reference %.4f)%n", fx, dOurs, dRef, fOurs, fRef);
		assertEquals(dRef, dOurs, 0.005, "final Dice");
		assertEquals(fRef, fOurs, 0.005, "forward Dice");
		assertTrue(dRef > 0.3, "the trained model segments the organ: reference Dice " + dRef);
	}

	/** counts[0] += TP, [1] += FP, [2] += FN. */
	private static void count(long[] c, boolean predicted, boolean truth) {
		if (predicted && truth) c[0]++;
		else if (predicted) c[1]++;
		else if (truth) c[2]++;
	}

	private static double dice(long[] c) {
		return 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]);
	}

	private static void assertFinal(String fx, RevSam2Result r, String what) {
		NdArray fin = npy(fx, "pipeline.final_logits"), mask = npy(fx, "pipeline.final_mask");
		int d = (int) fin.dim(0), hw = (int) (fin.dim(1) * fin.dim(2));
		long agree = 0;
		for (int z = 0; z < d; z++) {
			assertLogitsClose(Arrays.copyOfRange(fin.data(), z * hw, (z + 1) * hw), r.finalLogits(z), fx + " " + what + " slice " + z);
			boolean[] ours = r.finalMask(z).pixels();
			for (int p = 0; p < hw; p++) if (ours[p] == (mask.data()[z * hw + p] != 0)) agree++;
		}
		double a = (double) agree / ((long) d * hw);
		System.out.printf("[parity] %s final mask agreement %.5f%n", fx, a);
		assertTrue(a >= 0.995, fx + ": final masks agree on " + a);
	}

	private static int[] toInts(NdArray a) {
		int[] out = new int[(int) a.size()];
		for (int i = 0; i < out.length; i++) out[i] = (int) a.data()[i];
		return out;
	}
}

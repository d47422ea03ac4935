package sc.fiji.revsam2.volume.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;

/**
 * Per-class Dice and normalised surface Dice of a predicted label volume against a ground
 * truth, and their means over classes (mDSC, mNSD), as in the RevSAM2 paper's evaluation.
 *
 * <p>Per class: Dice over the whole volume ({@link Dice}) and NSD at {@code tolerance}
 * ({@link SurfaceDice}); both are 1 when the class is in neither volume and 0 when it is in
 * only one. The means are plain averages over the evaluated classes; with no class at all
 * (both volumes all background, labels chosen automatically) they are 1.
 *
 * @param tolerance       the NSD tolerance, in the spacing's unit (usually mm)
 * @param classes         the scores, in ascending label order (unmodifiable)
 * @param meanDice        mDSC: the mean of the classes' Dice
 * @param meanSurfaceDice mNSD: the mean of the classes' NSD
 */
public record Evaluation(double tolerance, List<ClassScore> classes, double meanDice, double meanSurfaceDice) {

	/** Makes the class list unmodifiable. */
	public Evaluation {
		classes = classes == null ? List.of() : List.copyOf(classes);
	}

	/**
	 * Evaluates every class present in the prediction or the ground truth (so that a class
	 * predicted but absent from the truth counts, with score 0), with the truth's spacing.
	 *
	 * @throws IllegalArgumentException if a volume is null, the sizes differ or the tolerance is invalid
	 */
	public static Evaluation of(LabelVolume prediction, LabelVolume truth, double tolerance) {
		Sizes.checkSame(prediction, truth);
		TreeSet<Integer> labels = new TreeSet<>();
		for (int l : truth.labels()) labels.add(l);
		for (int l : prediction.labels()) labels.add(l);
		int[] arr = labels.stream().mapToInt(Integer::intValue).toArray();
		if (arr.length == 0) {
			Sizes.checkTolerance(tolerance);
			return new Evaluation(tolerance, Collections.emptyList(), 1.0, 1.0);
		}
		return of(prediction, truth, arr, tolerance, truth.spacing());
	}

	/**
	 * Evaluates the given classes with the truth's spacing.
	 *
	 * @throws IllegalArgumentException if a volume is null, the sizes differ, {@code labels} is
	 *                                  empty or holds a label outside 1..65535 or twice, or the tolerance is invalid
	 */
	public static Evaluation of(LabelVolume prediction, LabelVolume truth, int[] labels, double tolerance) {
		Sizes.checkSame(prediction, truth);
		return of(prediction, truth, labels, tolerance, truth.spacing());
	}

	/**
	 * Evaluates the given classes with the given voxel spacing.
	 *
	 * @throws IllegalArgumentException if an argument is null, the sizes differ, {@code labels} is
	 *                                  empty or holds a label outside 1..65535 or twice, or the tolerance is invalid
	 */
	public static Evaluation of(LabelVolume prediction, LabelVolume truth, int[] labels, double tolerance, Spacing spacing) {
		Sizes.checkSame(prediction, truth);
		Sizes.checkTolerance(tolerance);
		if (labels == null || labels.length == 0) throw new IllegalArgumentException("no class label to evaluate");
		TreeSet<Integer> sorted = new TreeSet<>();
		for (int l : labels) {
			Sizes.checkLabel(l);
			if (!sorted.add(l)) throw new IllegalArgumentException("class label " + l + " is listed twice");
		}
		if (spacing == null) throw new IllegalArgumentException("voxel spacing is null");
		List<ClassScore> scores = new ArrayList<>(sorted.size());
		double sumD = 0, sumN = 0;
		for (int l : sorted) {
			double d = Dice.of(prediction, truth, l);
			double n = SurfaceDice.of(prediction, truth, l, tolerance, spacing);
			scores.add(new ClassScore(l, d, n));
			sumD += d;
			sumN += n;
		}
		return new Evaluation(tolerance, scores, sumD / scores.size(), sumN / scores.size());
	}
}

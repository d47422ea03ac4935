package sc.fiji.revsam2.volume.metrics;

/**
 * The scores of one class.
 *
 * @param label       the class label
 * @param dice        Dice over the whole volume (see {@link Dice})
 * @param surfaceDice normalised surface Dice at the evaluation's tolerance (see {@link SurfaceDice})
 */
public record ClassScore(int label, double dice, double surfaceDice) {
}

package sc.fiji.revsam2.cli;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/** The command line's synthetic phantom ({@link Phantom}, package-private) for tests of other packages. */
public final class PhantomCases {

	/** The phantom's class names, label 1 first. */
	public static final String[] CLASS_NAMES = Phantom.CLASS_NAMES.clone();

	/** A generated phantom: its image in HU and its ground truth. */
	public record Generated(Volume image, LabelVolume truth) {}

	private PhantomCases() {}

	/** The demo's phantom (128 x 128 x 16 voxels of 1 x 1 x 2.5 mm) of this seed. */
	public static Generated generate(long seed) {
		Phantom.Case c = Phantom.generate(seed);
		return new Generated(c.image(), c.truth());
	}

	/** Support labels as the demo draws them: {@code perClass} slices spread over each class's extent. */
	public static LabelVolume supportLabels(LabelVolume truth, int perClass) {
		return Phantom.supportLabels(truth, perClass);
	}
}
